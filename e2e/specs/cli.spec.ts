import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

// The command line is a contract (CLI-CONTRACT.md): these run the built `bringup` as a user would.
function bringup(...args: string[]) {
  const env = { ...process.env, HF_HUB_OFFLINE: '1', HF_HUB_CACHE: mkdtempSync(join(tmpdir(), 'bringup-cli-cache-')) };
  const run = spawnSync(process.execPath, ['bin/bringup.js', ...args], { encoding: 'utf8', env });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

test('help, usage errors and exit codes', () => {
  const help = bringup('--help');
  expect(help.code).toBe(0);
  // Every command of the contract, each on its own line with its one-line description.
  for (const command of ['analyze', 'generate', 'status', 'report', 'weights', 'logits', 'cache', 'serve', 'doctor', 'web']) expect(help.out).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
  expect(bringup().code).toBe(64);
  expect(bringup('analyze', '--bogus').code).toBe(64);
});

test('analyze --json keeps the contract', () => {
  const run = bringup('analyze', 'resources/examples/tinyllama-1.1b-chat', '--json');
  expect(run.code).toBe(0);
  const json = JSON.parse(run.out);
  expect(Object.keys(json)).toEqual(expect.arrayContaining(['source', 'architecture', 'modelType', 'dtype', 'baseline', 'dimensions', 'features', 'fields', 'diagnostics', 'kvCache']));
  expect(json.baseline).toMatchObject({ folder: 'llama3', name: 'LlamaForCausalLM', match: 'native' });
  expect(json.dimensions).toMatchObject({ hidden_size: 2048, num_key_value_heads: 4, head_dim: 64, rope_theta: 10000 });
  expect(json.kvCache).toEqual({ bytesPerToken: 22528, dtype: 'bfloat16', bytesAtMaxLength: 22528 * 2048 });
});

test('bad input is exit 2 with one line naming the file and place', () => {
  const corrupt = bringup('weights', resolve('e2e/fixtures/checkpoints/corrupt-header'));
  expect(corrupt.code).toBe(2);
  expect(corrupt.err).toMatch(/^bringup weights: .*corrupt-header\/model\.safetensors: byte 8: .*\n$/);
  const missing = bringup('analyze', '/nonexistent/checkpoint');
  expect(missing).toMatchObject({ code: 2, err: 'bringup analyze: /nonexistent/checkpoint: no such file or folder\n' });
  const offline = bringup('analyze', 'Qwen/Qwen3-8B');
  expect(offline.code).toBe(2);
  expect(offline.err).toContain('not in the HF cache');
});

test('weights and generate --json on a real little checkpoint', () => {
  const weights = JSON.parse(bringup('weights', resolve('e2e/fixtures/checkpoints/tiny-llama3'), '--json', '--tensors').out);
  expect(weights).toMatchObject({ format: 'safetensors', tensorCount: 21 });
  expect(weights.tensors).toHaveLength(21);
  expect(weights.checks.every((c: { status: string }) => c.status === 'ok')).toBe(true);
  const out = mkdtempSync(join(tmpdir(), 'bringup-cli-gen-'));
  const generated = JSON.parse(bringup('generate', resolve('e2e/fixtures/checkpoints/tiny-llama3'), '--out', out, '--json').out);
  expect(generated.written).toHaveLength(6);
  expect(generated.conflicts).toEqual([]);
  const cache = JSON.parse(bringup('cache', '--json').out);
  expect(cache).toMatchObject({ repos: [] });
});

test('a reader that went away (| head) ends the output quietly: exit 0, no stack trace', async () => {
  const child = spawn(process.execPath, ['bin/bringup.js', 'analyze', 'resources/examples/tinyllama-1.1b-chat', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy(); // the reading end closes before the first write: that write meets EPIPE
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  expect(err).toBe('');
  expect(code).toBe(0);
});
