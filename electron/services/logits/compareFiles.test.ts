import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exactPosition } from '../../../shared/logits/testing/exactReference';
import type { LogitsReport } from '../../../shared/logits/types';
import { emptyProject } from '../../../shared/project/schema';
import { readProjectFile, sha256File, updateProjectFile } from '../project/projectFile';
import { compareFiles } from './compareFiles';

const DIR = join(__dirname, '../../../fixtures/logits');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as { V: number; steps: number; prompts: string[]; arrays: Record<string, number[]> };
const scipy = JSON.parse(readFileSync(join(DIR, 'scipy.json'), 'utf8')) as Record<'kl' | 'klRev' | 'cosDist' | 'mae' | 'rmse', number[]>;
const f = (name: string) => join(DIR, name);
const row = (array: string, i: number) => expected.arrays[array].slice(i * expected.V, (i + 1) * expected.V);
const positions = expected.arrays.ref.length / expected.V;
const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs));

const tmp = mkdtempSync(join(tmpdir(), 'bringup-logits-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let golden: LogitsReport;

describe('compareFiles on numpy-written fixtures', () => {
  it('golden vs golden: every position against the exact reference and scipy; prompts and totals as MAX reports them', async () => {
    golden = (await compareFiles(f('ref.golden.json'), f('cand.golden.json'))).report;
    expect(golden.positions).toHaveLength(positions);
    for (const p of golden.positions) {
      const want = exactPosition(row('ref', p.index), row('cand', p.index));
      for (const key of ['kl', 'klRev', 'cosDist', 'mae', 'rmse', 'maxAbs'] as const) expect(rel(p[key], want[key]), key).toBeLessThan(1e-14);
      // scipy (rel_entr on the smoothed softmax, distance.cosine), as verify_utils computes them
      for (const key of ['kl', 'klRev', 'cosDist', 'mae', 'rmse'] as const) expect(rel(p[key], scipy[key][p.index]), `scipy ${key}`).toBeLessThan(1e-9);
      expect(p.refTop1).toBe(argmax(row('ref', p.index)));
      expect(p.candTop1).toBe(argmax(row('cand', p.index)));
      expect([p.prompt, p.step]).toEqual([Math.floor(p.index / expected.steps), p.index % expected.steps]);
    }
    expect(golden.prompts.map((p) => p.text)).toEqual(expected.prompts);
    for (const prompt of golden.prompts) {
      const mine = golden.positions.filter((p) => p.prompt === prompt.prompt);
      expect(prompt.positions).toBe(expected.steps);
      expect(prompt.avgKl).toBeCloseTo(mean(mine.map((p) => p.kl)), 15);
      expect(prompt.maxKl).toBe(Math.max(...mine.map((p) => p.kl)));
      expect(prompt.mae).toBeCloseTo(mean(mine.map((p) => p.mae)), 15);
      expect(prompt.rmse).toBeCloseTo(mean(mine.map((p) => p.rmse)), 15);
      expect(prompt.avgCosDist).toBeCloseTo(mean(mine.map((p) => p.cosDist)), 15);
    }
    const s = golden.summary;
    expect(s.maxKl).toBe(Math.max(...golden.positions.map((p) => p.kl)));
    expect(s.mae).toBeCloseTo(mean(golden.positions.map((p) => p.mae)), 15);
    expect(s.top1Agreement).toBe(golden.positions.filter((p) => p.top1Match).length / positions);
    expect(golden.thresholds).toMatchObject({ kl: 0.01, cosDist: 0.001, source: 'docs' });
    expect(golden.verdict).toBe(s.maxKl <= 0.01 ? 'pass' : 'fail');
    expect(golden.why).toMatch(/^max KL \S+ at position \d+ \(prompt \d, step \d\) (<=|>) 0\.01 \(docs\)/);
    expect(golden.worst.map((w) => w.index)).toEqual([...golden.positions].sort((a, b) => b.kl - a.kl).slice(0, 10).map((p) => p.index));
    expect(golden.worst[0].ref.ids[0]).toBe(golden.positions[golden.worst[0].index].refTop1);
  });

  it('the same values in every format give the same numbers', async () => {
    for (const name of ['cand.npy', 'cand.3d.npy', 'cand.f64.npy', 'cand.be.npy', 'cand.v2.npy', 'cand.npz', 'cand.compressed.npz', 'cand.zip64.npz', 'cand.multi.npz', 'cand.f32.safetensors', 'cand.json', 'cand.3d.json']) {
      const { report } = await compareFiles(f('ref.npy'), f(name));
      expect(report.positions.map((p) => [p.kl, p.cosDist, p.mae, p.top5Overlap]), name).toEqual(golden.positions.map((p) => [p.kl, p.cosDist, p.mae, p.top5Overlap]));
      // 3-D arrays say the prompt of each position; 2-D arrays are one prompt
      expect(report.prompts.length, name).toBe(name.includes('.3d.') ? 4 : 1);
    }
  });

  it('bf16 and f16 candidates are read as those types (their own exact values)', async () => {
    for (const [name, array] of [['cand.bf16.safetensors', 'cand_bf16'], ['cand.f16.npy', 'cand_f16'], ['cand.f16.safetensors', 'cand_f16']]) {
      const { report } = await compareFiles(f('ref.golden.json'), f(name));
      for (const p of report.positions) expect(rel(p.kl, exactPosition(row('ref', p.index), row(array, p.index)).kl)).toBeLessThan(1e-14);
    }
  });

  it('identical logits give KL 0 and pass; a perturbed candidate fails a tight threshold', async () => {
    const same = (await compareFiles(f('ref.golden.json'), f('ref.npy'))).report;
    expect(same.summary).toMatchObject({ maxKl: 0, maxCosDist: 0, mae: 0, top1Agreement: 1, top5Agreement: 1 });
    expect(same.verdict).toBe('pass');
    const tight = (await compareFiles(f('ref.golden.json'), f('cand.golden.json'), { kl: 1e-6 })).report;
    expect(tight.verdict).toBe('fail');
    expect(tight.thresholds).toMatchObject({ kl: 1e-6, cosDist: 0.001, source: 'user' });
    expect(tight.why).toContain('> 1.00e-6 (user)');
  });

  it("MAX's per-pipeline thresholds, with the YAML line they come from", async () => {
    const { report } = await compareFiles(f('ref.npy'), f('cand.npy'), { pipeline: 'meta-llama/Llama-3.1-8B-Instruct', encoding: 'bfloat16' });
    expect(report.thresholds).toMatchObject({ kl: 0.04, cosDist: 0.025, source: 'max:meta-llama/Llama-3.1-8B-Instruct@bfloat16' });
    expect(report.thresholds.provenance).toMatch(/logit_verification_config\.yaml:194 \(meta-llama\/Llama-3\.1-8B-Instruct-bfloat16\)/);
    await expect(compareFiles(f('ref.npy'), f('cand.npy'), { pipeline: 'no/such-model' })).rejects.toThrow(/not in MAX's logit verification config/);
    await expect(compareFiles(f('ref.npy'), f('cand.npy'), { pipeline: 'meta-llama/Llama-3.1-8B-Instruct' })).rejects.toThrow(/give --encoding/);
  });

  it('a logprobs-only golden (vLLM) is compared as log-softmax, as verify.py does', async () => {
    const { report } = await compareFiles(f('ref.golden.json'), f('cand.logprobs.golden.json'));
    expect(report.notes[0]).toMatch(/holds logprobs, not logits: both sides are compared as log-softmax/);
    // KL and top-k do not depend on the shift log-softmax applies
    for (const p of report.positions) expect(rel(p.kl, exactPosition(row('ref', p.index), row('cand_logprobs', p.index)).kl)).toBeLessThan(1e-12);
  });

  it('shapes that differ, and runs of different prompts, are bad input naming the file', async () => {
    await expect(compareFiles(f('ref.npy'), f('bad/vocab65.npy'))).rejects.toThrow(/vocab65\.npy: shapes differ: .*ref\.npy holds 12 positions × 64 \(shape \[12, 64\]\), .*vocab65\.npy 12 × 65/);
    await expect(compareFiles(f('ref.golden.json'), f('bad/positions11.npy'))).rejects.toThrow(/positions11\.npy: shapes differ: it holds 11 positions, .*ref\.golden\.json holds more/);
    await expect(compareFiles(f('ref.golden.json'), f('bad/prompts-differ.golden.json'))).rejects.toThrow(/prompts-differ\.golden\.json: prompt 0 differs from .*ref\.golden\.json's: "another prompt" vs "One of the most/);
    await expect(compareFiles(f('ref.golden.json'), f('bad/nan.npy'))).rejects.toThrow(/nan\.npy: position 5: logits\[17\] is NaN/);
  });

  it('--port records the validate-logits evidence: files hashed with the package inputs, positions for the report', async () => {
    const port = join(tmp, 'port');
    await updateProjectFile(port, () => ({ ...emptyProject({ source: '/models/tiny' }, new Date('2026-01-01T00:00:00Z')), packageName: 'tiny_port', files: ['arch.py'] }));
    const pkg = join(port, 'tiny_port');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'arch.py'), '# arch\n');
    const { recordedIn, report } = await compareFiles(f('ref.golden.json'), f('cand.golden.json'), { port });
    expect(recordedIn).toBe(port);
    const evidence = (await readProjectFile(port))!.evidence['validate-logits']!;
    expect(evidence.ok).toBe(report.verdict === 'pass');
    expect(evidence.detail).toMatch(/^logits (pass|fail): max KL .* 12 positions, top-1 agreement \d+\.\d%$/);
    expect(evidence.inputs).toEqual({ 'tiny_port/arch.py': await sha256File(join(pkg, 'arch.py')), [f('ref.golden.json')]: await sha256File(f('ref.golden.json')), [f('cand.golden.json')]: await sha256File(f('cand.golden.json')) });
    const data = evidence.data as { files: { ref: { sha256: string } }; positions: unknown[]; summary: { maxKl: number }; positionsSampled: unknown };
    expect(data.files.ref.sha256).toBe(await sha256File(f('ref.golden.json')));
    expect(data.positions).toHaveLength(12);
    expect(data.positionsSampled).toBeNull();
    expect(data.summary.maxKl).toBe(report.summary.maxKl);
  });
});
