/**
 * TinyLlama-1.1B-Chat-v1.0 (the config printed on MAX's "read a Hugging Face model config" page,
 * transformers v5 format with rope_parameters): the first screen's model_config.py.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runStubBatch, type StubCase, type StubOutcomes } from '../../fixtures/max-stub/stubBatch';
import { analyzeConfig } from '../config/analyze';
import { generateModelConfig, generatePackage } from './generatePackage';
import { linesForConfigPath } from './sourceMap';

/** TinyLlama-1.1B-Chat-v1.0's config as printed on MAX's "read a Hugging Face model config" page (the app's first example). */
const TINYLLAMA = JSON.parse(readFileSync(join(__dirname, '..', '..', 'resources', 'examples', 'tinyllama-1.1b-chat', 'config.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'bringup-tinyllama-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Both initialize_from_config runs go to one python3 process (fixtures/max-stub/run_batch.py). */
const stubCases: StubCase[] = [];
let stub: StubOutcomes;
beforeAll(async () => { stub = await runStubBatch(stubCases, work); }, 60_000);

function planInitialize(maxLength: number | null): string {
  const pkg = generatePackage({ analysis: analyzeConfig(TINYLLAMA), config: TINYLLAMA });
  const dir = join(work, String(maxLength), pkg.packageName);
  mkdirSync(dir, { recursive: true });
  for (const file of pkg.files) writeFileSync(join(dir, file.path), file.content);
  // AutoConfig in transformers v5 keeps rope_parameters and has no top-level rope_theta: the stand-in is config.json as is.
  const id = `initialize:${maxLength}`;
  stubCases.push({ id, kind: 'initialize', package_dir: dir, request: { config: TINYLLAMA, encoding: 'bfloat16', max_length: maxLength } });
  return id;
}
const planned = { full: planInitialize(null), short: planInitialize(512) };

function initialize(id: string) {
  const run = stub.get(id);
  if (run.status !== 0) throw new Error(run.stderr);
  expect(run.stdout).toBe(''); // the single-case runner printed only its JSON result
  return run.result;
}

test('TinyLlama: Llama3Config subclass whose initialize_from_config gives head_dim 64, 4 KV heads, theta 10000 from rope_parameters', () => {
  const result = initialize(planned.full);
  expect(result.bases.slice(0, 2)).toEqual(['LlamaForCausalLMConfig', 'Llama3Config']);
  expect(result.kv_params).toMatchObject({ n_kv_heads: 4, head_dim: 64, num_layers: 22, dtype: 'bfloat16' });
  expect(result.values).toMatchObject({ hidden_size: 2048, num_attention_heads: 32, intermediate_size: 5632, vocab_size: 32000, rope_theta: 10000, dtype: 'bfloat16', rms_norm_eps: 1e-5, tie_word_embeddings: false, mlp_bias: false });
  expect(result.values.attention_multiplier).toBeCloseTo(0.125, 12);
  expect(result.max_seq_len).toBe(2048);
  expect(initialize(planned.short).max_seq_len).toBe(512);
});

test('TinyLlama: the live preview maps every dimension in config.json to a line', () => {
  const { file, warnings } = generateModelConfig({ analysis: analyzeConfig(TINYLLAMA), config: TINYLLAMA });
  expect(file.path).toBe('model_config.py');
  expect(file.content).toContain('class LlamaForCausalLMConfig(Llama3Config):');
  for (const path of ['hidden_size', 'num_hidden_layers', 'num_attention_heads', 'num_key_value_heads', 'head_dim', 'intermediate_size', 'vocab_size', 'max_position_embeddings', 'rms_norm_eps', 'hidden_act', 'tie_word_embeddings', 'rope_parameters.rope_theta', 'torch_dtype']) {
    expect(linesForConfigPath(file, path).length, path).toBeGreaterThan(0);
  }
  expect(warnings.map((w) => w.code)).toEqual(['codegen-builtin-name']);
});

test('unknown MAX versions are refused; the reference version is the default and is recorded', () => {
  const pkg = generatePackage({ analysis: analyzeConfig(TINYLLAMA), config: TINYLLAMA });
  expect(pkg.maxVersion).toBe('26.5.0.dev2026062514');
  expect(pkg.files.find((f) => f.path === '__init__.py')!.content).toContain('MAX_VERSION = "26.5.0.dev2026062514"');
  expect(generatePackage({ analysis: analyzeConfig(TINYLLAMA), config: TINYLLAMA, maxVersion: '26.4' }).maxVersion).toBe('26.4');
});
