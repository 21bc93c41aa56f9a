import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run';
import { logitsCommand } from './logits';

const DIR = join(__dirname, '../../../fixtures/logits');

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['logits', ...args], [logitsCommand], { out: (t) => (out += t), err: (t) => (err += t) }, {}, DIR);
  return { code, out, err };
}

describe('bringup logits', () => {
  it('--json is the contract object', async () => {
    const { code, out } = await run('ref.golden.json', 'cand.golden.json', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['ref', 'cand', 'positions', 'prompts', 'summary', 'thresholds', 'verdict', 'why']));
    expect(json.ref).toMatchObject({ file: join(DIR, 'ref.golden.json'), format: 'golden-json', dtype: 'float32', shape: [12, 64] });
    expect(json.cand).toMatchObject({ format: 'golden-json', shape: [12, 64] });
    expect(Object.keys(json.positions[0])).toEqual(expect.arrayContaining(['index', 'prompt', 'step', 'kl', 'klRev', 'cosDist', 'mae', 'rmse', 'maxAbs', 'refTop1', 'candTop1', 'top1Match', 'top5Overlap', 'refTop1InCandTop5']));
    expect(Object.keys(json.prompts[0])).toEqual(expect.arrayContaining(['prompt', 'text', 'positions', 'avgKl', 'maxKl', 'avgCosDist', 'mae', 'top1Agreement']));
    expect(Object.keys(json.summary)).toEqual(expect.arrayContaining(['positions', 'maxKl', 'meanKl', 'maxCosDist', 'meanCosDist', 'mae', 'rmse', 'maxAbs', 'top1Agreement', 'top5Agreement']));
    expect(json.thresholds).toMatchObject({ kl: 0.01, cosDist: 0.001, source: 'docs' });
    expect(['pass', 'fail']).toContain(json.verdict);
  });

  it('the text report: files, a row per prompt, totals, thresholds and the verdict', async () => {
    const { code, out } = await run('ref.npy', 'cand.3d.npy');
    expect(code).toBe(0);
    expect(out).toContain(`REF  ${join(DIR, 'ref.npy')}: npy, float32, 12 positions × 64`);
    expect(out).toMatch(/^prompt 3 +3 /m);
    expect(out).toMatch(/^Overall \(12 positions\): max KL /m);
    expect(out).toMatch(/^Thresholds: KL <= 0\.01, cosine distance <= 0\.001 \(docs: docs\/max\/develop\/logit-comparison\.mdx/m);
    expect(out).toMatch(/^(PASS|FAIL): max KL /m);
  });

  it('--strict: exit 3 when the verdict fails, 0 when it passes', async () => {
    expect((await run('ref.npy', 'cand.npy', '--strict', '--kl-threshold', '1e-9')).code).toBe(3);
    expect((await run('ref.npy', 'cand.npy', '--strict', '--kl-threshold', '10')).code).toBe(0);
    expect((await run('ref.npy', 'cand.npy', '--kl-threshold', '1e-9')).code).toBe(0);
  });

  it('usage errors are 64; bad input is 2 with one line (and a JSON error with --json)', async () => {
    expect((await run('ref.npy')).code).toBe(64);
    const bad = await run('ref.npy', 'cand.npy', '--kl-threshold', 'small');
    expect(bad.code).toBe(64);
    expect(bad.err).toContain('--kl-threshold small: give a number >= 0');
    expect((await run('ref.npy', 'cand.npy', '--encoding', 'bfloat16')).code).toBe(64);
    const shapes = await run('ref.npy', 'bad/vocab65.npy', '--json');
    expect(shapes.code).toBe(2);
    expect(shapes.err).toMatch(/^bringup logits: .*vocab65\.npy: shapes differ: .*\n$/);
    expect(JSON.parse(shapes.out).error).toMatchObject({ code: 'bad-input', exitCode: 2 });
    expect((await run('ref.npy', 'missing.npy')).err).toMatch(/missing\.npy: no such file\n$/);
  });
});
