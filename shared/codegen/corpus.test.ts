/**
 * Every corpus config: the generated package compiles (python3 -m py_compile), and its config
 * runs through the MAX stub (fixtures/max-stub, a test fixture). Where the donor's config class is
 * one the stub writes out (Llama3Config, Qwen3Config, DeepseekV3Config and classes derived from them)
 * it gives the values transformers uses; for every donor, initialize succeeds exactly when the
 * package names no config-field blocker. The AutoConfig stand-in is what the knowledge base says
 * transformers' config class exposes for config.json (fixtures/max-stub/autoConfig.ts). Every
 * Python check runs in one python3 process (fixtures/max-stub/run_batch.py, in beforeAll).
 */
import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { autoConfigStandIn } from '../../fixtures/max-stub/autoConfig';
import { runStubBatch, type StubCase, type StubOutcomes } from '../../fixtures/max-stub/stubBatch';
import { analyzeConfig } from '../config/analyze';
import { resolveDonor } from './donor';
import { generatePackage, type GeneratedPackageResult } from './generatePackage';

const CORPUS = resolve(__dirname, '../../fixtures/corpus');
const work = mkdtempSync(join(tmpdir(), 'bringup-codegen-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A config.json object; architectures[0] is read only where the test already requires it. */
type RawConfig = Record<string, unknown> & { architectures?: string[]; text_config?: unknown };
interface CorpusCase { folder: string; raw: RawConfig }

function corpusConfigs(): CorpusCase[] {
  return readdirSync(CORPUS)
    .filter((folder) => existsSync(join(CORPUS, folder, 'config.json')))
    .flatMap((folder) => {
      try {
        const raw = JSON.parse(readFileSync(join(CORPUS, folder, 'config.json'), 'utf8'));
        return raw && typeof raw === 'object' && !Array.isArray(raw) ? [{ folder, raw }] : [];
      } catch {
        return []; // invalid JSON is the parser's concern, tested there
      }
    });
}

function writePackage(pkg: GeneratedPackageResult, into: string): string {
  const dir = join(into, pkg.packageName);
  mkdirSync(dir, { recursive: true });
  for (const file of pkg.files) writeFileSync(join(dir, file.path), file.content);
  return dir;
}

/** The Python checks, collected while the tests are defined and run together in beforeAll. */
const stubCases: StubCase[] = [];
let stub: StubOutcomes;
beforeAll(async () => { stub = await runStubBatch(stubCases, work); }, 120_000);

/** Registers an initialize_from_config run; the test reads it back with initialized(id). */
function initializeCase(id: string, g: Generated, encoding: string, maxLength: number | null): string {
  stubCases.push({ id, kind: 'initialize', package_dir: g.dir, request: { config: autoConfigStandIn(g.raw, g.analysis), encoding, max_length: maxLength } });
  return id;
}

function initialized(id: string) {
  const error = stub.error(id);
  if (error) return { ok: false as const, error };
  expect(stub.get(id).stdout).toBe(''); // the single-case runner printed only its JSON result
  return { ok: true as const, result: stub.get(id).result };
}

/** Whether the donor's config class derives from one the stub writes out with MAX's documented derivations. */
function documentedInStub(pkg: GeneratedPackageResult): boolean {
  const chain = resolveDonor(pkg.donor.folder, pkg.donor.name)?.config.chain ?? [];
  return chain.some((c) => ['max.pipelines.architectures.llama3.model_config.Llama3Config', 'max.pipelines.architectures.qwen3.model_config.Qwen3Config',
    'max.pipelines.architectures.deepseekV3.model_config.DeepseekV3Config'].includes(`${c.module}.${c.name}`));
}

const COUNTS = ['hidden_size', 'num_hidden_layers', 'num_attention_heads', 'num_key_value_heads', 'intermediate_size', 'vocab_size', 'max_position_embeddings'] as const;
const cases = corpusConfigs();
const generated = cases.map(({ folder, raw }) => {
  const analysis = analyzeConfig(raw, { source: folder });
  const pkg = generatePackage({ analysis, config: raw });
  const dir = writePackage(pkg, join(work, folder));
  const pythonFiles = pkg.files.filter((f) => f.language === 'python').map((f) => join(dir, f.path));
  stubCases.push({ id: `compile:${folder}`, kind: 'compile', files: pythonFiles });
  return { folder, raw, analysis, pkg, dir, pythonFiles };
});
type Generated = (typeof generated)[number];

describe('every corpus config', () => {
  test('the corpus has configs to generate from', () => {
    expect(cases.length).toBeGreaterThan(40);
  });

  test.each(generated.map((g) => [g.folder, g] as const))('%s: every generated .py file compiles', (_folder, g) => {
    expect(g.pythonFiles.length).toBe(5);
    const compiled = stub.get(`compile:${g.folder}`);
    expect(compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
  });

  const runnable = generated.filter((g) => COUNTS.every((name) => typeof g.analysis.dimensions[name] === 'number'));
  test('most corpus configs have every dimension the config needs', () => {
    expect(runnable.length).toBeGreaterThan(35);
  });

  const runnableCases = runnable.map((g) => {
    const maxLength = Math.min(1024, g.analysis.dimensions.max_position_embeddings as number);
    const id = initializeCase(`initialize:${g.folder}`, g, g.pkg.files.length ? defaultEncoding(g.pkg) : 'bfloat16', maxLength);
    return [g.folder, g, id, maxLength] as const;
  });
  test.each(runnableCases)('%s: initialize fails exactly on the blockers, and gives the transformers values', (_folder, g, id, maxLength) => {
    const d = g.analysis.dimensions;
    const run = initialized(id);
    // A field the donor reads without a default that no one supplies: MAX's read fails on it, and the package says so.
    const missing = g.pkg.blockers.filter((b) => b.id.startsWith('config-field:')).map((b) => b.id.slice('config-field:'.length));
    if (missing.length) {
      expect(run.ok ? '' : run.error).toMatch(new RegExp(`AttributeError: .* has no attribute '(${missing.join('|')})'`));
      return;
    }
    expect(run.ok ? '' : run.error).toBe('');
    if (!run.ok) return;
    expect(run.result.class).toBe(`${g.pkg.rename?.configJsonChange.from ?? g.raw.architectures![0]}Config`);
    if (!documentedInStub(g.pkg)) return;
    const { values, kv_params: kv, max_seq_len: maxSeqLen } = run.result;
    expect(maxSeqLen).toBe(maxLength);
    expect(values.hidden_size).toBe(d.hidden_size);
    expect(values.num_hidden_layers).toBe(d.num_hidden_layers);
    expect(values.num_attention_heads).toBe(d.num_attention_heads);
    expect(values.vocab_size).toBe(d.vocab_size);
    expect(kv.num_layers).toBe(d.num_hidden_layers);
    if (g.analysis.features.includes('mla')) {
      expect(kv.head_dim).toBe((d.kv_lora_rank as number) + (d.qk_rope_head_dim as number));
    } else {
      expect(kv.n_kv_heads).toBe(d.num_key_value_heads);
      expect(kv.head_dim).toBe(d.head_dim);
      expect(values.num_key_value_heads).toBe(d.num_key_value_heads);
      expect(values.intermediate_size).toBe(d.intermediate_size);
    }
    if (typeof d.rope_theta === 'number') expect(values.rope_theta).toBe(d.rope_theta);
  });
});

function defaultEncoding(pkg: GeneratedPackageResult): string {
  const arch = pkg.files.find((f) => f.path === 'arch.py')!.content;
  return /default_encoding="([a-z0-9_]+)"/.exec(arch)![1];
}

/** Values stated by transformers' and MAX's definitions for specific real configs (not by this code). */
describe('known values on real configs', () => {
  const byFolder = (folder: string) => generated.find((g) => g.folder === folder)!;
  // Every run is registered here, while the tests are defined, so the batch in beforeAll makes it.
  const runs = new Map<string, string>();
  const key = (folder: string, maxLength: number | null, encoding: string | undefined) => `${folder}:${maxLength}:${encoding ?? 'default'}`;
  const plan = (folder: string, maxLength: number | null = null, encoding?: string) => {
    const g = byFolder(folder);
    const k = key(folder, maxLength, encoding);
    runs.set(k, initializeCase(`known:${k}`, g, encoding ?? defaultEncoding(g.pkg), maxLength));
  };
  const run = (folder: string, maxLength: number | null = null) => {
    const result = initialized(runs.get(key(folder, maxLength, undefined))!);
    if (!result.ok) throw new Error(result.error);
    return result.result;
  };
  for (const folder of ['meta-llama__Llama-3.1-8B', 'meta-llama__Llama-2-7b-hf', 'meta-llama__Llama-3.2-1B-Instruct', 'Qwen__Qwen3-8B',
    'HuggingFaceTB__SmolLM2-135M__to_dict', 'deepseek-ai__DeepSeek-V3', 'microsoft__Phi-3-mini-128k-instruct__resaved',
    'google__gemma-2b-it', 'mistralai__Mistral-7B-Instruct-v0.3']) plan(folder);
  plan('meta-llama__Llama-3.1-8B', 4096);
  plan('meta-llama__Llama-3.1-8B', 200_000, 'bfloat16');

  test('Llama-3.1-8B: GQA 8 of 32 heads, head_dim 4096/32, rope theta 500000, llama3 rope scaling factor 8, full 131072 context', () => {
    const r = run('meta-llama__Llama-3.1-8B');
    expect(r.kv_params.n_kv_heads).toBe(8);
    expect(r.kv_params.head_dim).toBe(128);
    expect(r.values.rope_theta).toBe(500000);
    expect(r.values.rope_scaling_params).toMatchObject({ factor: 8, low_freq_factor: 1, high_freq_factor: 4, orig_max_position: 8192 });
    expect(r.max_seq_len).toBe(131072);
    expect(r.bases).toContain('Llama3Config');
    expect(r.default_encoding).toBe('bfloat16');
  });

  test('Llama-2-7b: no rope_theta in config.json, so the LlamaConfig default 10000', () => {
    expect(run('meta-llama__Llama-2-7b-hf').values.rope_theta).toBe(10000);
  });

  test('Llama-3.2-1B: tied embeddings, head_dim 64', () => {
    const r = run('meta-llama__Llama-3.2-1B-Instruct');
    expect(r.values.tie_word_embeddings).toBe(true);
    expect(r.kv_params.head_dim).toBe(64);
  });

  test('max_seq_len: --max-length within max_position_embeddings wins; larger is refused as MAX does', () => {
    expect(run('meta-llama__Llama-3.1-8B', 4096).max_seq_len).toBe(4096);
    const tooLong = initialized(runs.get(key('meta-llama__Llama-3.1-8B', 200_000, 'bfloat16'))!);
    expect(tooLong.ok ? '' : tooLong.error).toMatch(/exceeds the model's max_position_embeddings \(131072\)/);
  });

  test('Qwen3-8B: explicit head_dim 128 sizes the cache and sets attention_multiplier = sqrt(1/128)', () => {
    const r = run('Qwen__Qwen3-8B');
    expect(r.bases).toContain('Qwen3Config');
    expect(r.kv_params.head_dim).toBe(128);
    expect(r.values.attention_multiplier).toBeCloseTo(Math.sqrt(1 / 128), 12);
  });

  test('SmolLM2 (PretrainedConfig.to_dict dump): head_dim 64, 3 KV heads, theta 100000, tied', () => {
    const r = run('HuggingFaceTB__SmolLM2-135M__to_dict');
    expect(r.kv_params).toMatchObject({ n_kv_heads: 3, head_dim: 64 });
    expect(r.values.rope_theta).toBe(100000);
    expect(r.values.tie_word_embeddings).toBe(true);
  });

  test('DeepSeek-V3: MLA cache of one latent head of kv_lora_rank + qk_rope_head_dim = 576, 61 layers, 163840 context', () => {
    const r = run('deepseek-ai__DeepSeek-V3');
    expect(r.bases).toContain('DeepseekV3Config');
    expect(r.kv_params).toMatchObject({ head_dim: 576, num_layers: 61, num_q_heads: 128 });
    expect(r.max_seq_len).toBe(163840);
    expect(r.default_encoding).toBe('float8_e4m3fn');
  });

  test('Phi-3-mini-128k: longrope scaling is built by Llama3Config', () => {
    const r = run('microsoft__Phi-3-mini-128k-instruct__resaved');
    expect(r.values.longrope_scaling_params).not.toBeNull();
    expect(r.values.longrope_scaling_params.original_max_position).toBe(4096);
  });

  test('gemma-2b-it on the gemma3 donor: Gemma3Config reads four fields GemmaConfig lacks, each a blocker, and MAX\'s read fails on the first', () => {
    const g = byFolder('google__gemma-2b-it');
    expect(g.pkg.donor).toMatchObject({ folder: 'gemma3', configClass: 'Gemma3Config' });
    expect(g.pkg.blockers.map((b) => b.id)).toEqual(expect.arrayContaining(['config-field:query_pre_attn_scalar', 'config-field:sliding_window',
      'config-field:final_logit_softcapping', 'config-field:attn_logit_softcapping']));
    expect(g.pkg.blockers.find((b) => b.id === 'config-field:query_pre_attn_scalar')!.source).toMatchObject({ path: 'max/python/max/pipelines/architectures/gemma3/model_config.py', line: 260 });
    const result = initialized(runs.get(key('google__gemma-2b-it', null, undefined))!);
    expect(result.ok ? '' : result.error).toMatch(/has no attribute 'query_pre_attn_scalar'/);
  });

  test('Mistral-7B-v0.3 on MistralConfig (MAX\'s own): theta 1e6, head_dim filled by transformers (4096/32)', () => {
    const r = run('mistralai__Mistral-7B-Instruct-v0.3');
    expect(r.bases).toContain('MistralConfig');
    expect(r.values.rope_theta).toBe(1000000);
    expect(r.values.head_dim).toBe(128);
  });
});
