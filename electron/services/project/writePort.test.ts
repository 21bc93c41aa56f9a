import { cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { localSourceReader } from '../source/localSource';
import type { SourceReader } from '../source/types';
import { gatherEvidence, portStatus } from './evidence';
import { openPort, portInputPaths } from './port';
import { portReader } from './portReader';
import { hashInputs, readProjectFile, recordEvidence } from './projectFile';
import { writePort, type WritePortRequest } from './writePort';

const FIXTURES = resolve(__dirname, '../../../e2e/fixtures/checkpoints');
let root: string;
let ckpt: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'bringup-writeport-'));
  ckpt = join(root, 'tiny-llama3');
  cpSync(join(FIXTURES, 'tiny-llama3'), ckpt, { recursive: true });
  writeFileSync(join(ckpt, 'tokenizer.json'), '{"model": {}}');
  dir = join(root, 'port');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const deps = { readerFor: portReader(() => Promise.reject(new Error('no Hub in this test'))) };
const reader = (path = ckpt) => localSourceReader({ given: path, kind: 'local', dir: path, label: path });
const write = (extra: Partial<WritePortRequest> = {}) =>
  writePort({ dir, checkpoint: { source: ckpt, kind: 'local', dir: ckpt }, reader: reader(), files: ['config.json', 'model.safetensors', 'tokenizer.json'], ...extra }, deps);
const state = (status: { steps: Array<{ id: string; state: string }> }) => Object.fromEntries(status.steps.map((s) => [s.id, s.state]));

describe('the port folder', () => {
  test('a built-in architectures[0] gets the unique name, and checkpoint/ serves it: config.json renamed, every other file a relative link', async () => {
    const result = await write();
    expect(result).toMatchObject({ packageName: 'llama_for_causal_lm_port', archName: 'LlamaForCausalLMPort', conflicts: [] });
    const serve = join(dir, 'checkpoint');
    expect(result.serveFolder).toMatchObject({ path: serve, links: 'symlink', linked: 2, weightPaths: [], needsDownload: false });
    const served = JSON.parse(readFileSync(join(serve, 'config.json'), 'utf8'));
    expect(served.architectures).toEqual(['LlamaForCausalLMPort']);
    expect({ ...served, architectures: null }).toEqual({ ...JSON.parse(readFileSync(join(ckpt, 'config.json'), 'utf8')), architectures: null });
    for (const name of ['model.safetensors', 'tokenizer.json']) {
      expect(lstatSync(join(serve, name)).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(serve, name))).toBe(join('..', '..', 'tiny-llama3', name));
      expect(realpathSync(join(serve, name))).toBe(realpathSync(join(ckpt, name)));
    }
    const project = (await readProjectFile(dir))!;
    expect(project).toMatchObject({ servePath: 'checkpoint', archName: 'LlamaForCausalLMPort', serveFolder: { links: 'symlink', weightPaths: [], needsDownload: false } });
    expect(readFileSync(join(dir, '.bringup/config.json'), 'utf8')).toBe(readFileSync(join(ckpt, 'config.json'), 'utf8'));
    expect((await openPort(dir)).servePath).toBe(serve);
    expect(state(result.status)).toMatchObject({ register: 'done', 'map-weights': 'done', 'validate-logits': 'todo', serve: 'todo' });
  });

  test('where links are refused: small files copied, the weights recorded as --weight-path flags', async () => {
    const result = await write({ refuseLinks: true });
    const serve = join(dir, 'checkpoint');
    expect(result.serveFolder).toMatchObject({ links: 'copy', copied: 1, weightPaths: [join(ckpt, 'model.safetensors')] });
    expect(lstatSync(join(serve, 'tokenizer.json')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(serve, 'tokenizer.json'), 'utf8')).toBe('{"model": {}}');
    expect(existsSync(join(serve, 'model.safetensors'))).toBe(false);
    expect(result.warnings.map((w) => w.message).join('\n')).toMatch(/symbolic links are refused/);
    expect((await readProjectFile(dir))!.serveFolder).toMatchObject({ links: 'copy', weightPaths: [join(ckpt, 'model.safetensors')] });
  });

  test('an edited config gets a serve folder even when the name is unchanged; an unedited one does not', async () => {
    // MAX 26.4 may allow overrides: the name stays architectures[0].
    const plain = await write({ maxVersion: '26.4' });
    expect(plain.archName).toBe('LlamaForCausalLM');
    expect(plain.serveFolder).toBeNull();
    expect(plain.status.servePath).toBe(ckpt);
    const text = readFileSync(join(ckpt, 'config.json'), 'utf8').replace('"rope_theta": 500000', '"rope_theta": 10000');
    const edited = await write({ maxVersion: '26.4', configText: text });
    expect(edited.serveFolder?.path).toBe(join(dir, 'checkpoint'));
    expect(JSON.parse(readFileSync(join(dir, 'checkpoint/config.json'), 'utf8'))).toMatchObject({ rope_theta: 10000, architectures: ['LlamaForCausalLM'] });
    // Back to the checkpoint's own config: the folder is no longer needed, and goes.
    const back = await write({ maxVersion: '26.4', configText: readFileSync(join(ckpt, 'config.json'), 'utf8') });
    expect(back.serveFolder).toBeNull();
    expect(existsSync(join(dir, 'checkpoint'))).toBe(false);
  });

  test('renaming rewrites checkpoint/config.json, carries the edits, leaves one package', async () => {
    await write();
    const modelPy = join(dir, 'llama_for_causal_lm_port/model.py');
    writeFileSync(modelPy, readFileSync(modelPy, 'utf8').replace('from __future__ import annotations\n', 'from __future__ import annotations\n\nimport math  # mine\n'));
    const renamed = await write({ archName: 'TinyLlamaPort' });
    expect(renamed).toMatchObject({ packageName: 'tiny_llama_port', renamedFrom: 'llama_for_causal_lm_port', conflicts: [] });
    expect(readFileSync(join(dir, 'tiny_llama_port/model.py'), 'utf8')).toContain('import math  # mine');
    expect(existsSync(join(dir, 'llama_for_causal_lm_port'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'checkpoint/config.json'), 'utf8')).architectures).toEqual(['TinyLlamaPort']);
    expect(state(renamed.status).register).toBe('done');
    // Regenerating without --name keeps the name.
    expect((await write()).packageName).toBe('tiny_llama_port');
  });

  test('a Hub-only checkpoint gets no links: one line, and register says to download it', async () => {
    const hub: SourceReader = {
      source: { given: 'org/tiny', kind: 'hub', repoId: 'org/tiny', revision: 'main', commit: 'a'.repeat(40), hubUrl: 'http://127.0.0.1:9', label: 'org/tiny@main' },
      listFiles: async () => [{ path: 'config.json', size: 441 }],
      readText: async (path) => (path === 'config.json' ? readFileSync(join(ckpt, 'config.json'), 'utf8') : null),
    };
    const result = await writePort({ dir, checkpoint: { source: 'org/tiny', kind: 'hub', repoId: 'org/tiny', commit: 'a'.repeat(40) }, reader: hub, files: ['config.json'] }, deps);
    expect(result.serveFolder).toMatchObject({ path: null, links: 'none', needsDownload: true });
    expect(result.warnings.filter((w) => /only on the Hub: serve needs it downloaded/.test(w.message))).toHaveLength(1);
    const register = result.status.steps.find((s) => s.id === 'register')!;
    expect(register).toMatchObject({ state: 'blocked', summary: 'download the checkpoint' });
  });

  test("the weights are cross-checked against the port's config: a contradiction blocks map-weights with its quick fix, the fix unblocks it", async () => {
    const mismatch = join(root, 'kv-mismatch');
    cpSync(join(FIXTURES, 'tiny-llama3-kv-mismatch'), mismatch, { recursive: true });
    const request = { dir, checkpoint: { source: mismatch, kind: 'local' as const, dir: mismatch }, reader: reader(mismatch), files: ['config.json', 'model.safetensors'] };
    const first = await writePort(request, deps);
    const weights = first.status.steps.find((s) => s.id === 'map-weights')!;
    expect(weights.state).toBe('blocked');
    expect(weights.findings.find((f) => f.id === 'check:num_key_value_heads')).toMatchObject({ level: 'blocker', fix: { path: 'num_key_value_heads', value: 2, label: 'Set num_key_value_heads to 2, as the weights say' } });
    const fixed = readFileSync(join(mismatch, 'config.json'), 'utf8').replace('"num_key_value_heads": 4', '"num_key_value_heads": 2');
    const second = await writePort({ ...request, configText: fixed }, deps);
    expect(state(second.status)['map-weights']).toBe('done');
  });
});

describe('recorded runs go stale when what they judged changes', () => {
  test('serve evidence recorded against the package and configs: done, then stale after a package edit, blocked when it failed', async () => {
    await write();
    const port = await openPort(dir);
    const evidence = async (ok: boolean) => ({ at: '2026-06-30T10:00:00.000Z', inputs: await hashInputs(dir, portInputPaths(port)), ok, detail: ok ? 'ready after 3.1 s; the smoke request answered' : 'not ready: port-in-use', data: { ready: ok, readyAfterMs: 3100, failure: ok ? null : { code: 'port-in-use', step: 'serve', line: 'address already in use', hint: 'pick another port' } } });
    await recordEvidence(dir, 'serve', await evidence(true));
    let status = await portStatus(dir, await gatherEvidence(dir, deps));
    expect(status.steps.find((s) => s.id === 'serve')).toMatchObject({ state: 'done', summary: 'ready in 3.1 s' });
    writeFileSync(join(port.packageDir, 'model.py'), readFileSync(join(port.packageDir, 'model.py'), 'utf8') + '# edited\n');
    status = await portStatus(dir, await gatherEvidence(dir, deps));
    expect(status.steps.find((s) => s.id === 'serve')).toMatchObject({ state: 'stale', changed: ['llama_for_causal_lm_port/model.py'] });
    await recordEvidence(dir, 'serve', await evidence(false));
    status = await portStatus(dir, await gatherEvidence(dir, deps));
    expect(status.steps.find((s) => s.id === 'serve')).toMatchObject({ state: 'blocked', summary: 'failed: port-in-use', detail: 'not ready: port-in-use' });
  });
});
