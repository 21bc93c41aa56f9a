import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { familyTensors, writeSparseCheckpoint, type SparseTensor } from '../../../scripts/gen-sparse-checkpoint';
import { BringupError } from '../../../shared/errors';
import { configView } from '../../../shared/weights/configView';
import { buildWeightsReport, prepareWeightsReport, type PreparedReport, type ReportOptions } from '../../../shared/weights/report';
import type { WeightCheck, WeightsReport } from '../../../shared/weights/types';
import { resolveSource } from '../source/resolveSource';
import { inspectWeights } from './inspectWeights';
import { parsedHere } from './headerSource';
import { localHeaderSource } from './localHeaderSource';
import { HEADER_REQUESTS_IN_FLIGHT, readSafetensors } from './readSafetensors';

const CORPUS = join(__dirname, '../../../fixtures/corpus');
const BIN = join(CORPUS, '_binaries');
const root = mkdtempSync(join(tmpdir(), 'bringup-weights-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const corpusConfig = (folder: string) => JSON.parse(readFileSync(join(CORPUS, folder, 'config.json'), 'utf8'));
let counter = 0;

/** A synthetic checkpoint: the real config (optionally with one field lied about) beside sparse shards. */
async function synthetic(folder: string, family: string, options: { shards?: number; lie?: Record<string, unknown>; fp8?: boolean; extraLayers?: number; edit?: (t: SparseTensor[]) => SparseTensor[] } = {}) {
  const config = corpusConfig(folder);
  let tensors = familyTensors(family, config, { fp8: options.fp8, extraLayers: options.extraLayers });
  if (options.edit) tensors = options.edit(tensors);
  const dir = join(root, `ckpt-${counter++}`);
  await writeSparseCheckpoint(dir, { tensors, shards: options.shards ?? 2, config: { ...config, ...options.lie } });
  return dir;
}

async function inspect(dir: string): Promise<WeightsReport> {
  return inspectWeights(await resolveSource(dir));
}

const check = (r: WeightsReport, field: string): WeightCheck => {
  const c = r.checks.find((x) => x.field === field);
  if (!c) throw new Error(`no check for ${field}: ${r.checks.map((x) => x.field).join(', ')}`);
  return c;
};

async function badInput(p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => null, (e) => e);
  expect(err).toBeInstanceOf(BringupError);
  expect((err as BringupError).code).toBe('bad-input');
  expect((err as BringupError).message).not.toContain('\n');
  return (err as BringupError).message;
}

describe('Llama-3.2-1B-Instruct config (GQA, tied embeddings) with synthetic shards', () => {
  it('a consistent checkpoint: every check ok, every tensor mapped to llama3, lm_head tied', async () => {
    const r = await inspect(await synthetic('meta-llama__Llama-3.2-1B-Instruct', 'llama'));
    expect(r.format).toBe('safetensors');
    expect(r.files.map((f) => f.name)).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
    // 16 layers × 9 tensors + embed + norm; tied: no lm_head
    expect(r.tensorCount).toBe(146);
    // Llama-3.2-1B has 1,235,814,400 parameters (embedding counted once).
    expect(r.parameterCount).toBe(1_235_814_400);
    expect(r.parametersByDtype).toEqual({ BF16: 1_235_814_400 });
    const fields = r.checks.map((c) => c.field);
    for (const f of ['hidden_size', 'vocab_size', 'num_hidden_layers', 'num_attention_heads', 'num_key_value_heads', 'head_dim', 'intermediate_size', 'tie_word_embeddings']) expect(fields).toContain(f);
    expect(r.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(check(r, 'num_key_value_heads')).toMatchObject({ expected: 8, actual: 8, tensor: 'model.layers.0.self_attn.k_proj.weight' });
    expect(r.mapping).toMatchObject({ baseline: 'llama3', known: true, mapped: 146, unmappedCheckpoint: [], unfilledModel: [], tiedLmHead: true, strict: false });
    expect(r.mapping.renames[0]).toEqual({ from: 'model.', to: '' });
    expect(r.components.embeddings.parameters).toBe(128256 * 2048);
    expect(r.components.lm_head.parameters).toBe(0);
    expect(r.memory).toEqual({ encoding: 'bfloat16', bytes: 2 * 1_235_814_400 });
  });

  it('num_key_value_heads lied about (4 instead of 8): mismatch naming k_proj', async () => {
    const r = await inspect(await synthetic('meta-llama__Llama-3.2-1B-Instruct', 'llama', { lie: { num_key_value_heads: 4 } }));
    expect(check(r, 'num_key_value_heads')).toMatchObject({ status: 'mismatch', expected: 4, actual: 8, tensor: 'model.layers.0.self_attn.k_proj.weight', origin: 'config' });
    expect(check(r, 'hidden_size').status).toBe('ok');
    expect(r.shapeMismatches.some((s) => s.tensor === 'model.layers.0.self_attn.k_proj.weight')).toBe(true);
  });

  it('intermediate_size, num_hidden_layers and tie_word_embeddings lied about', async () => {
    const r = await inspect(await synthetic('meta-llama__Llama-3.2-1B-Instruct', 'llama', { lie: { intermediate_size: 8000, num_hidden_layers: 17, tie_word_embeddings: false } }));
    expect(check(r, 'intermediate_size')).toMatchObject({ status: 'mismatch', expected: 8000, actual: 8192 });
    expect(check(r, 'num_hidden_layers')).toMatchObject({ status: 'mismatch', expected: 17, actual: 16 });
    expect(check(r, 'tie_word_embeddings')).toMatchObject({ status: 'mismatch', expected: false, actual: true, tensor: 'lm_head.weight' });
    expect(r.mapping.unfilledModel).toContain('lm_head.weight');
    expect(r.mapping.unfilledModel).toContain('layers.16.self_attn.q_proj.weight');
  });

  it('a padded vocabulary: more embedding rows than vocab_size', async () => {
    const r = await inspect(await synthetic('meta-llama__Llama-3.2-1B-Instruct', 'llama', { lie: { vocab_size: 128000 } }));
    const c = check(r, 'vocab_size');
    expect(c).toMatchObject({ status: 'mismatch', expected: 128000, actual: 128256, tensor: 'model.embed_tokens.weight' });
    expect(c.message).toContain('256 rows more than vocab_size');
  });
});

describe('Qwen3-8B config (QK norm): head_dim read from q_norm', () => {
  it('consistent, and head_dim lied about', async () => {
    const ok = await inspect(await synthetic('Qwen__Qwen3-8B', 'qwen3', { shards: 3 }));
    expect(ok.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(check(ok, 'head_dim')).toMatchObject({ actual: 128, tensor: 'model.layers.0.self_attn.q_norm.weight' });
    expect(ok.mapping).toMatchObject({ baseline: 'qwen3', unmappedCheckpoint: [], unfilledModel: [] });

    const lied = await inspect(await synthetic('Qwen__Qwen3-8B', 'qwen3', { lie: { head_dim: 64 } }));
    expect(check(lied, 'head_dim')).toMatchObject({ status: 'mismatch', expected: 64, actual: 128 });
    // the other fields are solved with the head_dim the weights state, so they stay ok
    expect(check(lied, 'num_key_value_heads').status).toBe('ok');
    expect(check(lied, 'num_attention_heads').status).toBe('ok');
  });

  it('a Qwen3 checkpoint mapped onto the llama3 donor leaves q_norm/k_norm unmapped', async () => {
    const { buildNameMap } = await import('../../../shared/weights/nameMap');
    const { configView } = await import('../../../shared/weights/configView');
    const config = corpusConfig('Qwen__Qwen3-8B');
    const names = familyTensors('qwen3', config).map((t) => t.name);
    const m = buildNameMap({ donor: 'llama3', format: 'safetensors', names, config: configView(config) });
    expect(m.unmappedCheckpoint).toHaveLength(2 * 36);
    expect(m.unmappedCheckpoint.every((n) => /self_attn\.[qk]_norm\.weight$/.test(n))).toBe(true);
    expect(m.unfilledModel).toEqual([]);
  });
});

describe('DeepSeek-V3 config (MLA, MoE with dense first layers, FP8 blocks, MTP layer)', () => {
  it('consistent at full scale: 61 layers + MTP, every MoE/MLA size confirmed, MTP dropped by the adapter', async () => {
    const r = await inspect(await synthetic('deepseek-ai__DeepSeek-V3', 'deepseek_v3', { shards: 8, fp8: true, extraLayers: 1 }));
    expect(r.tensorCount).toBeGreaterThan(88_000);
    expect(r.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    for (const f of ['q_lora_rank', 'kv_lora_rank', 'qk_rope_head_dim', 'qk_nope_head_dim', 'v_head_dim', 'n_routed_experts', 'n_shared_experts', 'moe_intermediate_size', 'first_k_dense_replace', 'num_hidden_layers']) {
      expect(check(r, f).status, f).toBe('ok');
    }
    expect(check(r, 'num_hidden_layers')).toMatchObject({ expected: 61, actual: 61 });
    expect(check(r, 'first_k_dense_replace')).toMatchObject({ actual: 3, tensor: 'model.layers.3.mlp.gate.weight' });
    expect(r.mapping.baseline).toBe('deepseekV3');
    expect(r.mapping.unmappedCheckpoint).toEqual([]);
    expect(r.mapping.unfilledModel).toEqual([]);
    expect(r.mapping.dropped.length).toBeGreaterThan(0);
    expect(r.mapping.dropped.every((n) => n.startsWith('model.layers.61.'))).toBe(true);
    expect(r.parametersByDtype).toHaveProperty('F8_E4M3');
    expect(r.components.experts.parameters).toBeGreaterThan(r.components.attention.parameters);
  }, 60_000);

  it('kv_lora_rank and n_routed_experts lied about', async () => {
    const r = await inspect(await synthetic('deepseek-ai__DeepSeek-V3', 'deepseek_v3', {
      shards: 4, lie: { kv_lora_rank: 256, n_routed_experts: 128 },
      edit: (t) => t.filter((x) => !/experts\.([1-9]\d*)\./.test(x.name)), // keep the test light: expert 0 only
    }));
    expect(check(r, 'kv_lora_rank')).toMatchObject({ status: 'mismatch', expected: 256, actual: 512, tensor: 'model.layers.0.self_attn.kv_a_layernorm.weight' });
    expect(check(r, 'n_routed_experts')).toMatchObject({ status: 'mismatch', expected: 128, actual: 256, tensor: 'model.layers.3.mlp.gate.weight' });
  }, 60_000);
});

describe('real files and real defects', () => {
  it('a real tiny llama-style file with a config written to match it', async () => {
    const dir = join(root, 'moki');
    mkdirSync(dir);
    copyFileSync(join(BIN, 'safetensors/MokiMeow__nutllm__tiny.safetensors'), join(dir, 'model.safetensors'));
    // its __metadata__ says dim 4, heads 1, head_dim 4, layers 2, ffn_dim 4, vocab 4
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 4, num_attention_heads: 1, num_key_value_heads: 1, num_hidden_layers: 2, intermediate_size: 4, vocab_size: 4, tie_word_embeddings: false }));
    const r = await inspect(dir);
    expect(r.tensorCount).toBe(21);
    expect(r.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(r.mapping).toMatchObject({ mapped: 21, unmappedCheckpoint: [], unfilledModel: [] });
    expect(r.metadata['nutllm.layers']).toBe('2');
  });

  it("MAX's own tiny-llama3 test pair: the 1-tensor file cannot confirm the config", async () => {
    const dir = join(root, 'maxtiny');
    mkdirSync(dir);
    copyFileSync(join(BIN, 'safetensors/modular__max_test_llama_model.safetensors'), join(dir, 'model.safetensors'));
    copyFileSync(join(CORPUS, '_maxtest__synthetic__tiny-llama3/config.json'), join(dir, 'config.json'));
    const r = await inspect(dir);
    expect(r.tensorCount).toBe(1);
    expect(check(r, 'hidden_size').status).toBe('missing');
    expect(check(r, 'num_hidden_layers').status).toBe('missing');
    expect(r.mapping.unmappedCheckpoint).toHaveLength(1);
    expect(r.mapping.unfilledModel).toContain('embed_tokens.weight');
  });

  it('an index naming shards that are not there (a corpus folder holding only the index)', async () => {
    const msg = await badInput(inspect(join(CORPUS, 'meta-llama__Llama-2-7b-hf')));
    expect(msg).toMatch(/model\.safetensors\.index\.json: weight_map names shard model-00001-of-00002\.safetensors, which is not in the checkpoint$/);
  });

  it("bloom's index with a merge-conflict line: not valid JSON, with the byte", async () => {
    const msg = await badInput(inspect(join(CORPUS, 'bigscience__bloom')));
    expect(msg).toMatch(/model\.safetensors\.index\.json: byte \d+: not valid JSON/);
  });

  it('an index entry whose shard header lacks the tensor', async () => {
    const dir = await synthetic('meta-llama__Llama-3.2-1B-Instruct', 'llama');
    const indexPath = join(dir, 'model.safetensors.index.json');
    const index = JSON.parse(readFileSync(indexPath, 'utf8'));
    index.weight_map['model.layers.99.mlp.up_proj.weight'] = 'model-00001-of-00002.safetensors';
    writeFileSync(indexPath, JSON.stringify(index));
    expect(await badInput(inspect(dir))).toMatch(/weight_map\["model\.layers\.99\.mlp\.up_proj\.weight"\] names model-00001-of-00002\.safetensors, whose header has no such tensor/);
  });

  it('a truncated shard: file and byte', async () => {
    const dir = await synthetic('meta-llama__Llama-3.2-1B-Instruct', 'llama');
    const { truncateSync, statSync } = await import('node:fs');
    const shard = join(dir, 'model-00002-of-00002.safetensors');
    truncateSync(shard, statSync(shard).size - 10);
    expect(await badInput(inspect(dir))).toMatch(new RegExp(`^${shard.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: byte \\d+: tensor data runs to byte \\d+, past the end of the file`));
  });

  it('PyTorch .bin-only checkpoints are explained, not read', async () => {
    const dir = join(root, 'bin');
    mkdirSync(dir);
    writeFileSync(join(dir, 'pytorch_model.bin'), 'not read');
    writeFileSync(join(dir, 'config.json'), '{"model_type":"llama"}');
    expect(await badInput(inspect(dir))).toMatch(/only PyTorch weights \(pytorch_model\.bin\); MAX loads only safetensors and GGUF/);
  });

  it('GGUF: MAX test data (quantized and bf16 types), a header-only file, a corrupted file', async () => {
    const one = (name: string) => {
      const dir = join(root, `gguf-${counter++}`);
      mkdirSync(dir);
      copyFileSync(join(BIN, name), join(dir, 'model.gguf'));
      return dir;
    };
    const r = await inspect(one('gguf/modular__max_tests_example_data.gguf'));
    expect(r.format).toBe('gguf');
    expect(r.tensorCount).toBe(6);
    const t = r.tensors;
    expect(t.shapes[t.names.indexOf('a')]).toEqual([5, 2]); // ggml ne order [2, 5] turned row-major
    expect(t.dtypes[t.names.indexOf('quantized')]).toBe('Q4_K');
    expect(t.dtypes[t.names.indexOf('bf16')]).toBe('BF16');
    expect(await badInput(inspect(one('gguf/las7__weight-inspect__tiny.gguf')))).toMatch(/model\.gguf: byte 128: tensor "test\.weight\.0" data runs past the end of the file \(122 bytes/);
    expect(await badInput(inspect(one('gguf_CORRUPTED_utf8_mangled/ggml-vocab-gpt-2.gguf')))).toMatch(/^model\.gguf: not a readable GGUF header \(String length \d+ exceeds/);
  });
});

describe('the report prepared from the index while the headers are read', () => {
  it('is the report built afterwards, and the table comes in index order', async () => {
    const dir = await synthetic('deepseek-ai__DeepSeek-V3', 'deepseek_v3', { shards: 20, fp8: true, extraLayers: 1, lie: { moe_intermediate_size: 1024 } });
    const raw = corpusConfig('deepseek-ai__DeepSeek-V3');
    const options: ReportOptions = { config: configView({ ...raw, moe_intermediate_size: 1024 }), modelType: 'deepseek_v3', donor: 'deepseekV3', encoding: null };
    const layout = { index: { file: 'model.safetensors.index.json', text: readFileSync(join(dir, 'model.safetensors.index.json'), 'utf8') }, present: new Set(readdirSync(dir)) };
    let prepared: PreparedReport | undefined;
    let readsAtHook = -1;
    const headers = localHeaderSource(dir);
    const read = await readSafetensors(dir, parsedHere(headers), layout, {
      onNames: (names, byName) => {
        readsAtHook = headers.stats().requests;
        prepared = prepareWeightsReport(names, byName, options);
      },
    });
    // Called once the first reads are out (a Hub repo's round trips), not after the last.
    expect(readsAtHook).toBeGreaterThan(0);
    expect(readsAtHook).toBeLessThanOrEqual(HEADER_REQUESTS_IN_FLIGHT);
    expect(read.files.length).toBe(20);
    expect(prepared!.names).toBe(read.tensors.names);
    const names = read.tensors.names;
    expect(names.every((n, i) => i === 0 || names[i - 1] < n)).toBe(true);
    const withPrepared = buildWeightsReport(read, options, prepared);
    expect(withPrepared.mapping).toBe(prepared!.mapping);
    expect(withPrepared).toEqual(buildWeightsReport(read, options));
    expect(withPrepared.shapeMismatches.length).toBeGreaterThan(0); // the lie is seen
  });
});
