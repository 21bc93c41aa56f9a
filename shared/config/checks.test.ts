// Structure from modeling code, the checks the analysis makes, and inputs that must fail cleanly.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeConfig, analyzeConfigText, parseConfigText } from './analyze';
import { codeStructure, valueTypes } from './kb';
import { pathAtOffset, propertyKeyRanges, rangeOfPath } from '../json/paths';
import type { ConfigAnalysis } from './types';

const CORPUS = join(__dirname, '..', '..', 'fixtures', 'corpus');
const corpus = (folder: string): Record<string, unknown> => JSON.parse(readFileSync(join(CORPUS, folder, 'config.json'), 'utf8'));
const codes = (a: ConfigAnalysis) => a.diagnostics.map((d) => d.code);
const at = (a: ConfigAnalysis, path: string) => a.diagnostics.filter((d) => d.path === path);

describe('structure known only from the modeling code (code-structure.json)', () => {
  it('every entry cites transformers\' own modeling file at a commit, and uses the feature vocabulary', () => {
    const ids = new Set(['qk-norm', 'post-norm', 'sandwich-norm', 'scaled-embeddings', 'parallel-residual', 'attention-bias', 'mlp-bias', 'attention-sinks']);
    for (const t of ['llama', 'mistral', 'mixtral', 'deepseek_v3', 'phi3', 'qwen2', 'qwen3', 'qwen3_moe', 'olmo2', 'olmo3', 'exaone4', 'gemma', 'gemma2', 'gemma3_text', 'gemma3', 'cohere', 'glm4', 'gpt_oss', 'phi']) {
      const e = codeStructure(t)!;
      expect(e.source, t).toMatchObject({ repo: 'huggingface/transformers', commit: expect.stringMatching(/^[0-9a-f]{40}$/), path: expect.stringMatching(/\/modeling_\w+\.py$/) });
      for (const f of e.features) expect(ids, `${t}: ${f}`).toContain(f);
    }
  });

  it('EXAONE 4 has QK norm and post-norms, and its NoPE full-attention layers are said', () => {
    // modeling_exaone4.py @ 0205eec: Exaone4Attention q_norm/k_norm ("We use QK-norm"); Exaone4DecoderLayer
    // post_attention_layernorm / post_feedforward_layernorm; RoPE only on sliding layers ("global NoPE").
    const a = analyzeConfig({
      architectures: ['Exaone4ForCausalLM'], model_type: 'exaone4', hidden_size: 5120, num_attention_heads: 40, num_key_value_heads: 8,
      num_hidden_layers: 64, head_dim: 128, sliding_window: 4096, sliding_window_pattern: 4, vocab_size: 102400, max_position_embeddings: 131072,
    });
    expect(a.features).toEqual(expect.arrayContaining(['qk-norm', 'post-norm', 'gqa']));
    expect(a.diagnostics.find((d) => d.code === 'code-structure')!.message).toMatch(/use no position embedding/);
    expect(codes(a)).not.toContain('code-structure-unknown');
  });

  it('corpus configs: the features each modeling file shows', () => {
    // modeling_gemma.py @ 0125ac6: GemmaModel multiplies embeddings by hidden_size**0.5; GemmaRMSNorm (1 + weight).
    const gemma = analyzeConfig(corpus('google__gemma-2b-it'));
    expect(gemma.features).toContain('scaled-embeddings');
    expect(gemma.features).not.toContain('qk-norm');
    // modeling_gpt_oss.py @ 00d4b3d: per-head sinks; the MoE experts carry biases.
    expect(analyzeConfig(corpus('openai__gpt-oss-20b')).features).toEqual(expect.arrayContaining(['attention-sinks', 'mlp-bias']));
    // modeling_phi.py @ 007750f: q/k/v/dense bias=True; one input_layernorm for attention and MLP.
    expect(analyzeConfig(corpus('microsoft__phi-1')).features).toEqual(expect.arrayContaining(['attention-bias', 'parallel-residual']));
    // modeling_deepseek_v3.py @ 00b676f: the yarn mscale enters the attention scale, which config.json does not say.
    expect(analyzeConfig(corpus('deepseek-ai__DeepSeek-V3')).diagnostics.find((d) => d.code === 'code-structure')!.message).toMatch(/mscale_all_dim/);
    // modeling_mistral.py @ 005a187 read: nothing code-only, so no "unknown structure" note.
    const mistral = analyzeConfig(corpus('mistralai__Mistral-7B-Instruct-v0.3'));
    expect(mistral.features).not.toContain('qk-norm');
    expect(codes(mistral)).not.toContain('code-structure-unknown');
  });

  it('a model type whose modeling file was not read is unknown, and the analysis says so (never guessed)', () => {
    const granite = analyzeConfig(corpus('ibm-granite__granite-3.1-1b-a400m-instruct'));
    expect(granite.diagnostics.find((d) => d.code === 'code-structure-unknown')).toMatchObject({ severity: 'info', path: 'model_type' });
    expect(granite.diagnostics.find((d) => d.code === 'code-structure-unknown')!.message).toContain('modeling_granitemoe.py');
    expect(granite.features).not.toContain('qk-norm');
  });
});

describe('num_attention_heads must be a multiple of num_key_value_heads', () => {
  it('is an error at num_key_value_heads', () => {
    // modeling_llama.py @ 0022728: num_key_value_groups = num_heads // num_key_value_heads; repeat_kv(key_states, groups).
    const a = analyzeConfig({ ...corpus('meta-llama__Llama-3.1-8B'), num_key_value_heads: 5 });
    expect(at(a, 'num_key_value_heads')).toEqual([expect.objectContaining({ severity: 'error', code: 'kv-heads-not-divisor' })]);
    expect(codes(analyzeConfig(corpus('meta-llama__Llama-3.1-8B')))).not.toContain('kv-heads-not-divisor');
  });
  it('holds for every corpus config', () => {
    for (const folder of readdirSync(CORPUS).filter((d) => !d.startsWith('_binaries') && d !== 'README.md' && d !== 'SOURCES.tsv')) {
      expect(codes(analyzeConfig(corpus(folder))), folder).not.toContain('kv-heads-not-divisor');
    }
  });
});

describe('quantized weights: dtype is not the weights\' dtype', () => {
  it('DeepSeek-V3 says bfloat16 but its weights are FP8 (e4m3) in 128x128 blocks', () => {
    // quantization_config {quant_method: fp8, fmt: e4m3, weight_block_size: [128, 128]}; MAX: BLOCKSCALED_FP8
    // (max-facts.md §6), scales in *.weight_scale_inv (deepseekV3_modulev3/weight_adapters.py).
    const a = analyzeConfig(corpus('deepseek-ai__DeepSeek-V3'));
    expect(a.dtype).toBe('bfloat16');
    expect(a.quantization).toEqual({
      method: 'fp8', path: 'quantization_config', weightsDtype: 'float8_e4m3fn',
      scheme: '128×128 blocks, one scale per block in *.weight_scale_inv (MAX: BLOCKSCALED_FP8)',
    });
    expect(a.diagnostics.find((d) => d.code === 'weights-quantized')!.message).toMatch(/float8_e4m3fn.*torch_dtype \(bfloat16\) is the dtype of the unquantized parts/s);
  });
  it('other methods: MXFP4, GPTQ int4, bitsandbytes nf4, none', () => {
    expect(analyzeConfig(corpus('openai__gpt-oss-20b')).quantization?.weightsDtype).toBe('float4_e2m1fn (two per uint8)');
    expect(analyzeConfig(corpus('KeshavArvindh__phi-2-GPTQ')).quantization).toMatchObject({ weightsDtype: 'int4 packed in int32 (qweight)', scheme: expect.stringContaining('groups of 128') });
    expect(analyzeConfig(corpus('reubzdubz__Molmo-7B-D-0924-NF4')).quantization?.weightsDtype).toBe('nf4 (two per uint8)');
    expect(analyzeConfig(corpus('moonshotai__Kimi-K2.6')).quantization).toMatchObject({ method: 'compressed-tensors', weightsDtype: 'int4' });
    expect(analyzeConfig(corpus('meta-llama__Llama-3.1-8B')).quantization).toBeNull();
  });
  it('an fmt the knowledge base does not know stays unknown', () => {
    const v3 = corpus('deepseek-ai__DeepSeek-V3');
    const a = analyzeConfig({ ...v3, quantization_config: { ...(v3.quantization_config as object), fmt: 'e9m9' } });
    expect(a.quantization?.weightsDtype).toBeNull();
  });
});

describe('values that mean "not set", and values of the wrong type', () => {
  // An MPT config with "logit_scale": null, as MPT's MPTConfig defaults it; the model code skips the
  // scaling when it is None (haotian-liu/LLaVA llava_mpt.py @ fc10062: `if config.logit_scale is not None`).
  const mpt = { architectures: ['MPTForCausalLM'], model_type: 'mpt', d_model: 4096, n_heads: 32, n_layers: 32, vocab_size: 50432, max_seq_len: 2048, logit_scale: null, no_bias: true };

  it('"logit_scale": null is not set: no feature, no dimension, one note, no diagnostic', () => {
    const a = analyzeConfig(mpt);
    expect(a.features).not.toContain('mup-scalars');
    expect(a.dimensions.logit_scale).toBeUndefined();
    expect(a.fields.find((f) => f.path === 'logit_scale')!.note).toMatch(/not set/);
    expect(at(a, 'logit_scale')).toEqual([]);
  });

  const adversarial: unknown[] = [{}, { toString: 1, valueOf: 1 }, [], [{ toString: {} }], true, null, 'x', 1.5];
  it.each(Object.keys(valueTypes.fields))('%s: a value of the wrong type is one diagnostic naming its path, never a throw', (name) => {
    const spec = valueTypes.fields[name];
    for (const value of adversarial) {
      const a = analyzeConfig({ ...corpus('meta-llama__Llama-3.1-8B'), [name]: value });
      JSON.stringify(a);
      const fits = spec.type.some((t) => (t === 'null' ? value === null : t === 'integer' ? Number.isInteger(value) : t === 'number' ? typeof value === 'number'
        : t === 'array' ? Array.isArray(value) && (!spec.items || (value as unknown[]).every((x) => typeof x === spec.items)) : t === 'object' ? typeof value === 'object' && value !== null && !Array.isArray(value) : typeof value === t));
      const here = at(a, name);
      if (fits) expect(here.filter((d) => d.code.startsWith('wrong-type')), `${name}=${JSON.stringify(value)}`).toEqual([]);
      else {
        expect(here, `${name}=${JSON.stringify(value)}`).toHaveLength(1);
        expect(here[0]).toMatchObject({ code: 'wrong-type', severity: 'error' });
        expect(here[0].message.startsWith(`${name}: expected `)).toBe(true);
      }
    }
  });

  it('nested keys (rope_scaling.factor, quantization_config.quant_method) and text_config fields too', () => {
    const llama = corpus('meta-llama__Llama-3.1-8B');
    const rope = analyzeConfig({ ...llama, rope_scaling: { ...(llama.rope_scaling as object), factor: { a: 1 } } });
    expect(at(rope, 'rope_scaling.factor')).toEqual([expect.objectContaining({ code: 'wrong-type' })]);
    const q = analyzeConfig({ ...llama, quantization_config: { quant_method: ['fp8'] } });
    expect(at(q, 'quantization_config.quant_method').map((d) => d.code)).toEqual(['wrong-type']);
    const smolvlm = corpus('gustavokuklinski__aeon-smolvlm-256m-instruct');
    const t = analyzeConfig({ ...smolvlm, text_config: { ...(smolvlm.text_config as object), hidden_act: { name: 'silu' } } });
    expect(at(t, 'text_config.hidden_act').map((d) => d.code)).toEqual(['wrong-type']);
  });

  it('a model type the knowledge base lacks gets a warning, not an error (its own class may differ)', () => {
    const a = analyzeConfig({ model_type: 'openelm', intermediate_size: [1024, 2048] });
    expect(at(a, 'intermediate_size')).toEqual([expect.objectContaining({ code: 'wrong-type-unverified', severity: 'warning' })]);
  });
});

describe('nesting deeper than transformers can read', () => {
  const deepText = (levels: number) => '{"model_type": "llama", "x": ' + '{"a": '.repeat(levels) + '1' + '}'.repeat(levels) + '}';

  it('10,000 levels: a clean parse error with the position, no stack overflow', () => {
    const text = deepText(10_000);
    const r = parseConfigText(text, 'config.json');
    expect(r).toMatchObject({ ok: false, line: 1 });
    if (!r.ok) {
      expect(r.message).toMatch(/^config\.json:1:\d+: nested more than 1000 levels deep: Python's json module/);
      expect(text[r.offset]).toBe('{');
    }
    expect(analyzeConfigText(text, 'config.json').ok).toBe(false);
    expect(rangeOfPath(text, 'x')).toBeNull();
    expect(pathAtOffset(text, 50)).toBeNull();
    expect(propertyKeyRanges(text)).toEqual([]);
  });

  it('within the limit the file reads as before', () => {
    const r = parseConfigText(deepText(900), 'config.json');
    expect(r.ok).toBe(true);
  });

  it('a deep value handed to analyzeConfig directly is one error, and the result serialises', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const a = analyzeConfig({ model_type: 'llama', x: deep });
    expect(a.diagnostics).toEqual([expect.objectContaining({ code: 'too-deep', severity: 'error' })]);
    expect(JSON.stringify(a).length).toBeLessThan(5000);
  });
});
