// Truths that transformers and MAX define, per corpus checkpoint (reference: ../shared/reference/).
import { describe, expect, it } from 'vitest';
import { analyzeConfig } from './analyze';
import type { ConfigAnalysis } from './types';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CORPUS = join(__dirname, '..', '..', 'fixtures', 'corpus');
const corpusFolders = () => readdirSync(CORPUS).filter((d) => existsSync(join(CORPUS, d, 'config.json'))).sort();
const corpusText = (folder: string, file = 'config.json') => readFileSync(join(CORPUS, folder, file), 'utf8');

function analyzeCorpus(folder: string, withFiles = true): ConfigAnalysis {
  const files = withFiles ? readdirSync(join(CORPUS, folder)) : undefined;
  return analyzeConfig(JSON.parse(corpusText(folder)), { source: folder, files });
}

const codes = (a: ConfigAnalysis) => a.diagnostics.map((d) => d.code);
const field = (a: ConfigAnalysis, path: string) => a.fields.find((f) => f.path === path);

describe('every corpus config', () => {
  const folders = corpusFolders();
  it('covers the corpus', () => expect(folders.length).toBeGreaterThanOrEqual(50));
  it.each(folders)('%s: identity, no unknown field hidden, stable diagnostic codes', (folder) => {
    const a = analyzeCorpus(folder);
    const raw = JSON.parse(corpusText(folder));
    expect(a.architecture).toBe(raw.architectures?.[0] ?? null);
    expect(a.modelType).toBe(raw.model_type ?? null);
    // Every top-level key of config.json is listed with a category (unknown ones included).
    for (const key of Object.keys(raw)) expect(field(a, key), key).toBeDefined();
    for (const d of a.diagnostics) expect(d.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const f of a.features) expect(f).toMatch(/^[a-z0-9-]+(:[a-z0-9_-]+)?$/);
    // Native means architectures[0] is a registered MAX name.
    if (a.baseline.match === 'native') expect(a.baseline.name).toBe(a.architecture);
    expect(a.features).not.toContain('rope-scaling:default');
  });
});

describe('dense llama family', () => {
  it('Llama-3.1-8B: head_dim 128, 8 KV heads, llama3 rope scaling, native llama3', () => {
    const a = analyzeCorpus('meta-llama__Llama-3.1-8B');
    expect(a.dimensions).toMatchObject({ head_dim: 128, num_key_value_heads: 8, num_attention_heads: 32, rope_theta: 500000, hidden_act: 'silu' });
    expect(a.features).toEqual(expect.arrayContaining(['gqa', 'rope-scaling:llama3']));
    expect(a.features).not.toContain('tied-embeddings');
    expect(a.baseline).toMatchObject({ match: 'native', folder: 'llama3', name: 'LlamaForCausalLM' });
    // head_dim is not written: derived hidden_size / num_attention_heads.
    expect(field(a, 'head_dim')).toMatchObject({ value: 128, origin: 'derived' });
    // 2 (K,V) x 32 layers x 8 heads x 128 x 2 bytes (bf16).
    expect(a.kvCache).toEqual({ bytesPerToken: 131072, dtype: 'bfloat16', bytesAtMaxLength: 131072 * 131072 });
    // The published size of Llama 3.1 8B: 8,030,261,248 parameters.
    expect(a.parameterEstimate).toBe(8_030_261_248);
    expect(codes(a)).toContain('builtin-name');
  });

  it('hidden_act is structural, not a dimension: it picks the MLP function, it is not a size', () => {
    // CLI-CONTRACT.md: dimension = "direct-map sizes and scalars", structural = "needs graph layers"; the
    // activation is neither a size nor a scalar, and it decides a function in the MLP graph (MAX knows six
    // names; the llama3 graph hard-codes silu, donor-graphs.json). max-facts §8 lists it with the direct
    // fields only because it maps to one parameter, and warns the gelu variants differ.
    const a = analyzeCorpus('meta-llama__Llama-3.1-8B');
    expect(field(a, 'hidden_act')).toMatchObject({ category: 'structural', value: 'silu' });
    expect(field(analyzeCorpus('HakunaMatata888__gemma2-2b-it-poem'), 'hidden_activation')?.category).toBe('structural');
    expect(a.dimensions.hidden_act).toBe('silu'); // still an effective value of the contract's dimensions object
  });

  it('Llama-3.2-1B and 3B: tied embeddings', () => {
    for (const folder of ['meta-llama__Llama-3.2-1B-Instruct', 'meta-llama__Llama-3.2-3B-Instruct']) {
      const a = analyzeCorpus(folder);
      expect(a.features).toContain('tied-embeddings');
      expect(a.dimensions.tie_word_embeddings).toBe(true);
    }
    expect(analyzeCorpus('meta-llama__Llama-3.2-1B-Instruct').dimensions.head_dim).toBe(64);
  });

  it('Llama-2-7b: multi-head attention (kv = heads) is neither gqa nor mqa; float16 is not a llama3 encoding', () => {
    const a = analyzeCorpus('meta-llama__Llama-2-7b-hf');
    expect(a.dimensions.num_key_value_heads).toBe(32);
    expect(a.features).not.toContain('gqa');
    expect(a.features).not.toContain('mqa');
    expect(codes(a)).toContain('encoding-not-supported-by-donor');
  });

  it('SmolLM2 to_dict dump (v5 dtype key): dtype read from dtype, tied embeddings', () => {
    const a = analyzeCorpus('HuggingFaceTB__SmolLM2-135M__to_dict');
    expect(a.dtype).toBe('bfloat16');
    expect(a.dimensions).toMatchObject({ hidden_size: 576, num_key_value_heads: 3, head_dim: 64, rope_theta: 100000 });
    expect(a.features).toEqual(expect.arrayContaining(['gqa', 'tied-embeddings']));
    expect(a.features.some((f) => f.startsWith('rope-scaling:'))).toBe(false);
  });

  it('TinyLlama (the MAX docs config, v5 rope_parameters): 2 x 22 x 4 x 64 x 2 = 22528 bytes per token', () => {
    // CLI-CONTRACT.md's example prints 45056 (and 92274688 = 45056 x 2048) for this model, but
    // 2 (K, V) x 22 layers x 4 KV heads x 64 x 2 bytes (bf16) is 22528: the example is off by 2x.
    // The config printed in the MAX docs page (reference/seed-read-a-hugging-face-model-config.txt).
    const tiny = {
      architectures: ['LlamaForCausalLM'], attention_bias: false, attention_dropout: 0.0, bos_token_id: 1, torch_dtype: 'bfloat16', eos_token_id: 2,
      head_dim: 64, hidden_act: 'silu', hidden_size: 2048, initializer_range: 0.02, intermediate_size: 5632, max_position_embeddings: 2048,
      mlp_bias: false, model_type: 'llama', num_attention_heads: 32, num_hidden_layers: 22, num_key_value_heads: 4, pad_token_id: null,
      pretraining_tp: 1, rms_norm_eps: 1e-5, rope_parameters: { rope_theta: 10000.0, rope_type: 'default' }, tie_word_embeddings: false,
      transformers_version: '5.9.0', use_cache: true, vocab_size: 32000,
    };
    const a = analyzeConfig(tiny, { source: 'TinyLlama' });
    expect(a.dimensions).toMatchObject({
      hidden_size: 2048, num_hidden_layers: 22, num_attention_heads: 32, num_key_value_heads: 4, head_dim: 64, intermediate_size: 5632,
      vocab_size: 32000, max_position_embeddings: 2048, rope_theta: 10000, rms_norm_eps: 1e-5, hidden_act: 'silu', tie_word_embeddings: false,
    });
    expect(a.kvCache).toEqual({ bytesPerToken: 2 * 22 * 4 * 64 * 2, dtype: 'bfloat16', bytesAtMaxLength: 2 * 22 * 4 * 64 * 2 * 2048 });
    expect(a.features).toEqual(['gqa']);
  });

  it('rope_theta missing: the class default_theta (10000 for llama) with origin default', () => {
    const a = analyzeConfig({ architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 64, num_attention_heads: 4, num_hidden_layers: 2 });
    expect(a.dimensions.rope_theta).toBe(10000);
    expect(field(a, 'rope_theta')).toMatchObject({ origin: 'default', value: 10000 });
    expect(a.dimensions.num_key_value_heads).toBe(4); // None -> num_attention_heads
    expect(a.dimensions.vocab_size).toBe(32000); // LlamaConfig default
    expect(field(a, 'vocab_size')).toMatchObject({ origin: 'default' });
  });

  it('mistral omitting num_key_value_heads gets the class default 8, not num_attention_heads', () => {
    const a = analyzeConfig({ architectures: ['MistralForCausalLM'], model_type: 'mistral', hidden_size: 4096, num_attention_heads: 32 });
    expect(a.dimensions.num_key_value_heads).toBe(8);
    const b = analyzeConfig({ architectures: ['MistralForCausalLM'], model_type: 'mistral', hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: null });
    expect(b.dimensions.num_key_value_heads).toBe(32);
  });
});

describe('qwen', () => {
  it('Qwen3-8B: QK norm known from the model type code, explicit head_dim, native qwen3', () => {
    const a = analyzeCorpus('Qwen__Qwen3-8B');
    expect(a.features).toEqual(expect.arrayContaining(['qk-norm', 'gqa']));
    expect(a.dimensions).toMatchObject({ head_dim: 128, num_key_value_heads: 8 });
    expect(a.baseline).toMatchObject({ match: 'native', folder: 'qwen3', name: 'Qwen3ForCausalLM' });
  });

  it('Qwen3 without head_dim: transformers default 128, not hidden/heads', () => {
    const a = analyzeConfig({ architectures: ['Qwen3ForCausalLM'], model_type: 'qwen3', hidden_size: 2048, num_attention_heads: 32 });
    expect(a.dimensions.head_dim).toBe(128);
    expect(field(a, 'head_dim')).toMatchObject({ origin: 'default' });
  });

  it('Qwen2.5: q/k/v biases hard-coded by the model code; sliding_window unused while use_sliding_window is false', () => {
    const a = analyzeCorpus('Qwen__Qwen2.5-3B');
    expect(a.features).toContain('attention-bias');
    expect(a.features).not.toContain('sliding-window');
    expect(a.dimensions.sliding_window).toBeUndefined();
    expect(codes(a)).toContain('sliding-window-disabled');
  });

  it('Qwen v1 (qwen, remote code): unknown model type, remote code with unknown fields listed', () => {
    const a = analyzeCorpus('Qwen__Qwen-72B');
    expect(a.features).toContain('remote-code');
    expect(codes(a)).toEqual(expect.arrayContaining(['remote-code', 'unknown-model-type']));
    expect(field(a, 'use_dynamic_ntk')).toMatchObject({ category: 'structural' });
    expect(a.dimensions.num_key_value_heads).toBeNull(); // unknown, not guessed
  });

  it('legacy flat Qwen2-VL (olmOCR): text dims from the top level, multimodal, qwen2_5vl family', () => {
    const a = analyzeCorpus('allenai__olmOCR-7B-0225-preview');
    expect(a.features).toContain('multimodal');
    expect(a.dimensions).toMatchObject({ hidden_size: 3584, num_key_value_heads: 4, head_dim: 128 });
    expect(a.features).not.toContain('rope-scaling:mrope'); // mrope is rewritten to default
    expect(a.baseline).toMatchObject({ match: 'family', folder: 'qwen2_5vl' });
  });
});

describe('deepseek and MoE', () => {
  it('DeepSeek-V3: MLA, MoE, yarn, fp8, native; KV cache sized by the latent', () => {
    const a = analyzeCorpus('deepseek-ai__DeepSeek-V3');
    expect(a.features).toEqual(expect.arrayContaining(['mla', 'moe', 'rope-scaling:yarn', 'quantized:fp8']));
    expect(a.baseline).toMatchObject({ match: 'native', folder: 'deepseekV3', name: 'DeepseekV3ForCausalLM' });
    expect(a.dimensions).toMatchObject({ head_dim: 64, kv_lora_rank: 512, qk_rope_head_dim: 64, q_lora_rank: 1536, n_routed_experts: 256, num_experts_per_tok: 8, rope_factor: 40 });
    // MAX caches kv_lora_rank + qk_rope_head_dim per layer; fp8 weights keep a bf16 cache.
    expect(a.kvCache).toEqual({ bytesPerToken: 61 * (512 + 64) * 2, dtype: 'bfloat16', bytesAtMaxLength: 61 * 576 * 2 * 163840 });
    // DeepSeek-V3: 671B total parameters (without the MTP module).
    expect(a.parameterEstimate! / 671e9).toBeGreaterThan(0.995);
    expect(a.parameterEstimate! / 671e9).toBeLessThan(1.005);
    expect(codes(a)).not.toContain('fp8-block-size');
  });

  it('gpt-oss: mxfp4, yarn from the class default when written, theta 150000, native', () => {
    const a = analyzeCorpus('openai__gpt-oss-20b');
    expect(a.features).toEqual(expect.arrayContaining(['quantized:mxfp4', 'moe', 'sliding-window', 'rope-scaling:yarn', 'attention-sinks']));
    expect(a.dimensions).toMatchObject({ head_dim: 64, num_key_value_heads: 8, rope_theta: 150000 });
    expect(a.baseline).toMatchObject({ match: 'native', folder: 'gpt_oss' });
    expect(a.kvCache?.bytesPerToken).toBe(2 * 24 * 8 * 64 * 2);
    const noQuant = analyzeCorpus('_maxtest__openai__gpt-oss-20b');
    expect(noQuant.features.some((f) => f.startsWith('quantized:'))).toBe(false);
  });

  it('Mixtral 8x22B: MoE, not registered in MAX, qwen3 MoE family', () => {
    const a = analyzeCorpus('alpindale__WizardLM-2-8x22B');
    expect(a.features).toContain('moe');
    expect(a.baseline).toMatchObject({ match: 'family', folder: 'qwen3', name: 'Qwen3MoeForCausalLM' });
  });

  it('granitemoe: MuP scalars and MoE', () => {
    const a = analyzeCorpus('ibm-granite__granite-3.1-1b-a400m-instruct');
    expect(a.features).toEqual(expect.arrayContaining(['mup-scalars', 'moe']));
  });

  it('Kimi K2.5 MXFP4: multimodal via text_config, MLA, quark', () => {
    const a = analyzeCorpus('_maxtest__amd__Kimi-K2.5-MXFP4');
    expect(a.features).toEqual(expect.arrayContaining(['multimodal', 'mla', 'moe', 'quantized:quark']));
    expect(a.dimensions.hidden_size).toBe(7168);
    expect(a.baseline).toMatchObject({ match: 'native', folder: 'kimik2_5' });
  });
});

describe('gemma', () => {
  it('gemma2: both softcappings, sliding window, hidden_activation, gemma3 family', () => {
    const a = analyzeCorpus('HakunaMatata888__gemma2-2b-it-poem');
    expect(a.features).toEqual(expect.arrayContaining(['attn-logit-softcapping', 'final-logit-softcapping', 'sliding-window', 'scaled-embeddings', 'sandwich-norm']));
    expect(a.dimensions).toMatchObject({ hidden_act: 'gelu_pytorch_tanh', attn_logit_softcapping: 50, final_logit_softcapping: 30 });
    expect(a.baseline).toMatchObject({ match: 'family', folder: 'gemma3' });
    expect(codes(a)).toContain('activation-needs-mapping'); // gelu_pytorch_tanh is gelu_tanh in MAX
  });

  it('gemma-2b-it: head_dim 256, MQA, v5 reads hidden_act (exact gelu) where v4.38-4.4x used gelu_pytorch_tanh', () => {
    const a = analyzeCorpus('google__gemma-2b-it');
    expect(a.dimensions).toMatchObject({ head_dim: 256, num_key_value_heads: 1, hidden_act: 'gelu' });
    expect(a.features).toContain('mqa');
    expect(codes(a)).toContain('activation-version-difference');
  });

  it('gemma-3-4b-it: text dims from text_config with Gemma3TextConfig defaults, linear rope on global layers', () => {
    const a = analyzeCorpus('google__gemma-3-4b-it');
    expect(a.features).toEqual(expect.arrayContaining(['multimodal', 'rope-scaling:linear', 'qk-norm', 'sliding-window']));
    expect(a.dimensions).toMatchObject({ hidden_size: 2560, num_hidden_layers: 34, head_dim: 256, num_key_value_heads: 4, rope_theta: 1000000, sliding_window: 1024 });
    expect(field(a, 'text_config.head_dim')).toMatchObject({ origin: 'default', value: 256 });
    expect(a.baseline).toMatchObject({ match: 'native', folder: 'gemma3multimodal' });
  });
});

describe('other shapes', () => {
  it('Phi-3 mini 128k: longrope, native phi3; original_max from the top-level field', () => {
    const a = analyzeCorpus('microsoft__Phi-3-mini-128k-instruct__resaved');
    expect(a.features).toContain('rope-scaling:longrope');
    expect(a.dimensions.rope_original_max_position_embeddings).toBe(4096);
    expect(a.baseline).toMatchObject({ match: 'native', folder: 'phi3' });
    expect(a.features).not.toContain('sliding-window'); // 262144 > max_position_embeddings
  });

  it('phi-1: partial rotary 0.5 by class default, gelu_new, phi3 family', () => {
    const a = analyzeCorpus('microsoft__phi-1');
    expect(a.dimensions.partial_rotary_factor).toBe(0.5);
    expect(a.features).toEqual(expect.arrayContaining(['partial-rotary', 'parallel-residual']));
    expect(a.baseline).toMatchObject({ match: 'family', folder: 'phi3' });
  });

  it('pythia (gpt_neox, CRLF file): rotary_pct 0.25 is partial rotary', () => {
    const a = analyzeCorpus('AventIQ-AI__pythia-410m-chatbot');
    expect(a.dimensions.partial_rotary_factor).toBe(0.25);
    expect(a.features).toContain('partial-rotary');
    expect(a.dimensions.num_key_value_heads).toBe(a.dimensions.num_attention_heads);
  });

  it('T5: aliases d_model / num_heads / d_kv, gated-gelu is gelu_new, encoder-decoder with no donor', () => {
    const a = analyzeCorpus('VietAI__envit5-translation');
    expect(a.dimensions).toMatchObject({ hidden_size: 768, num_attention_heads: 12, num_hidden_layers: 12, head_dim: 64, hidden_act: 'gelu_new' });
    expect(a.features).toContain('encoder-decoder');
    expect(a.baseline.match).toBe('none');
  });

  it('bloom: ALiBi, no donor', () => {
    const a = analyzeCorpus('bigscience__bloom');
    expect(a.features).toContain('alibi');
    expect(a.dimensions.rope_theta).toBeNull();
    expect(a.baseline.match).toBe('none');
  });

  it('SmolVLM (idefics3): multimodal, language dims from text_config, native', () => {
    const a = analyzeCorpus('gustavokuklinski__aeon-smolvlm-256m-instruct');
    expect(a.features).toContain('multimodal');
    expect(a.dimensions).toMatchObject({ hidden_size: 576, num_hidden_layers: 30, num_attention_heads: 9, num_key_value_heads: 3, head_dim: 64 });
    expect(a.baseline).toMatchObject({ match: 'native', folder: 'idefics3' });
    expect(field(a, 'text_config.hidden_size')).toMatchObject({ origin: 'config', category: 'dimension' });
  });

  it('OLMo-2: QK norm and post-norm from the model code', () => {
    expect(analyzeCorpus('_maxtest__allenai__OLMo-2-1124-7B').features).toEqual(expect.arrayContaining(['qk-norm', 'post-norm']));
  });

  it('chatglm and internlm2: remote code', () => {
    const glm = analyzeCorpus('THUDM__chatglm3-6b__merged-finetune');
    expect(glm.features).toContain('remote-code');
    expect(codes(glm)).toEqual(expect.arrayContaining(['remote-code', 'unknown-model-type']));
    expect(glm.dimensions.num_key_value_heads).toBeNull(); // multi_query_group_num is remote-code semantics: not guessed
    const intern = analyzeCorpus('internlm__internlm2-chat-7b');
    expect(intern.features).toContain('remote-code');
    expect(intern.baseline.match).toBe('family');
  });

  it('GPTQ from quantize_config.json only: quantized when the file list shows it, MQA from multi_query', () => {
    const withFiles = analyzeCorpus('TheBloke__WizardCoder-15B-1.0-GPTQ');
    expect(withFiles.features).toEqual(expect.arrayContaining(['quantized:gptq', 'mqa']));
    expect(codes(withFiles)).toContain('gptq-in-quantize-config');
    expect(withFiles.dimensions).toMatchObject({ hidden_size: 6144, num_key_value_heads: 1, head_dim: 128 });
    const without = analyzeCorpus('TheBloke__WizardCoder-15B-1.0-GPTQ', false);
    expect(without.features.some((f) => f.startsWith('quantized:'))).toBe(false);
  });

  it('bitsandbytes: MAX rejects the method (error)', () => {
    const a = analyzeCorpus('jeevanchaps__Llama-3.1-8B-Instruct-bnb8bit-finetune');
    expect(a.features).toContain('quantized:bitsandbytes');
    expect(a.diagnostics.find((d) => d.code === 'quantization-unsupported')).toMatchObject({ severity: 'error', path: 'quantization_config.quant_method' });
  });

  it('glm_moe_dsa (v5 rope_parameters with rope_type default): no rope-scaling feature, theta from rope_parameters', () => {
    const a = analyzeCorpus('_maxtest__synthetic__glm_moe_dsa_tiny');
    expect(a.dimensions.rope_theta).toBe(10000);
    expect(a.features.some((f) => f.startsWith('rope-scaling'))).toBe(false);
    expect(a.features).toEqual(expect.arrayContaining(['mla', 'moe']));
  });
});

describe('pitfalls', () => {
  it('a yarn rope on a llama donor is silently ignored by Llama3Config (warning at rope_scaling.rope_type)', () => {
    const a = analyzeConfig({ architectures: ['MyLlama'], model_type: 'llama', hidden_size: 64, num_attention_heads: 4, num_hidden_layers: 2, max_position_embeddings: 8192, rope_scaling: { rope_type: 'yarn', factor: 4, original_max_position_embeddings: 2048 } });
    expect(a.baseline).toMatchObject({ match: 'family', folder: 'llama3' });
    expect(a.diagnostics.find((d) => d.code === 'rope-type-ignored')).toMatchObject({ severity: 'warning', path: 'rope_scaling.rope_type' });
  });

  it('AWQ is rejected by MAX', () => {
    const a = analyzeConfig({ architectures: ['LlamaForCausalLM'], model_type: 'llama', quantization_config: { quant_method: 'awq', bits: 4 } });
    expect(a.features).toContain('quantized:awq');
    expect(codes(a)).toContain('quantization-unsupported');
  });

  it('.bin-only weights are an error when the file list is known', () => {
    const a = analyzeConfig({ architectures: ['LlamaForCausalLM'], model_type: 'llama' }, { files: ['config.json', 'pytorch_model.bin'] });
    expect(codes(a)).toContain('bin-only-weights');
    const b = analyzeConfig({ architectures: ['LlamaForCausalLM'], model_type: 'llama' }, { files: ['config.json', 'pytorch_model.bin', 'model.safetensors'] });
    expect(codes(b)).not.toContain('bin-only-weights');
  });

  it('a missing required rope key is an error (transformers raises KeyError)', () => {
    const a = analyzeConfig({ architectures: ['LlamaForCausalLM'], model_type: 'llama', rope_scaling: { rope_type: 'llama3', factor: 8 } });
    expect(a.diagnostics.filter((d) => d.code === 'rope-missing-key').map((d) => d.path).sort()).toEqual(['rope_scaling.high_freq_factor', 'rope_scaling.low_freq_factor']);
  });

  it('fields the knowledge base does not know are listed as unknown, never hidden', () => {
    const a = analyzeConfig({ architectures: ['LlamaForCausalLM'], model_type: 'llama', my_new_knob: 3, auto_map: { AutoConfig: 'x.Y' } });
    expect(field(a, 'my_new_knob')).toMatchObject({ category: 'unknown', origin: 'config', value: 3 });
    expect(field(a, 'my_new_knob')!.note).toMatch(/remote code/);
  });

  it('absurd sizes (found by the property test: a layer loop of 1e308) give no estimate, quickly', () => {
    const a = analyzeConfig({ architectures: ['LlamaForCausalLM'], model_type: 'llama', num_hidden_layers: 1e308, hidden_size: 1.5, torch_dtype: 'bfloat16' });
    expect(a.parameterEstimate).toBeNull();
    expect(a.kvCache).toBeNull();
    // 1.5 is not an integer: one diagnostic at the path (wrong-type; invalid-value is for numbers <= 0).
    expect(a.diagnostics.filter((d) => d.path === 'hidden_size').map((d) => d.code)).toEqual(['wrong-type']);
  });

  it('non-object input gives an analysis with one error', () => {
    for (const v of [null, 3, 'x', [1]]) {
      const a = analyzeConfig(v);
      expect(a.diagnostics).toHaveLength(1);
      expect(a.diagnostics[0]).toMatchObject({ severity: 'error', code: 'not-an-object' });
    }
  });
});
