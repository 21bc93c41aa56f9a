// Composite (multimodal) configs: where the language model's fields come from, as transformers reads them.
// The corpus has no checkpoint whose text_config is sparse while its sizes sit at the top level, and no
// original LLaVA config; the cases below are derived from real corpus configs, each saying how.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeConfig } from './analyze';
import type { ConfigAnalysis } from './types';

const CORPUS = join(__dirname, '..', '..', 'fixtures', 'corpus');
const corpus = (folder: string): Record<string, unknown> => JSON.parse(readFileSync(join(CORPUS, folder, 'config.json'), 'utf8'));
const field = (a: ConfigAnalysis, path: string) => a.fields.find((f) => f.path === path);
const diag = (a: ConfigAnalysis, code: string) => a.diagnostics.find((d) => d.code === code);

describe('a sparse text_config with the language-model sizes at the top level', () => {
  // Qwen2.5-VL-3B-Instruct's real (flat) config, with the `text_config: {model_type}` a re-save adds.
  const flat = corpus('_maxtest__Qwen__Qwen2.5-VL-3B-Instruct');
  const sparse = { ...flat, text_config: { model_type: 'qwen2_5_vl_text' } };

  it('takes the sizes from the top level, as transformers 4.5x does, with their top-level paths', () => {
    // transformers 4.5x (PR #41158): Qwen2_5_VLConfig forwards text attributes to text_config, so the
    // top-level hidden_size etc. become the text config's. Without that, the sizes came out as the
    // Qwen2_5_VLTextConfig defaults (8192 hidden, 80 layers), the wrong model.
    const a = analyzeConfig(sparse);
    expect(a.dimensions).toMatchObject({
      hidden_size: 2048, num_hidden_layers: 36, num_attention_heads: 16, num_key_value_heads: 2, head_dim: 128,
      intermediate_size: 11008, vocab_size: 151936, rope_theta: 1000000, rms_norm_eps: 1e-6, tie_word_embeddings: true,
    });
    expect(field(a, 'hidden_size')).toMatchObject({ origin: 'config', value: 2048 });
    expect(field(a, 'text_config.hidden_size')).toBeUndefined();
    expect(a.features).toEqual(expect.arrayContaining(['multimodal', 'gqa', 'tied-embeddings']));
    // The flat and the sparse file describe the same language model.
    expect(a.dimensions).toEqual(analyzeConfig(flat).dimensions);
  });

  it('warns that transformers v5 and MAX read text_config alone and would use the class defaults', () => {
    // transformers v5 (PR #42420; configuration_qwen2_5_vl.py @ 018c8e0: a text_config dict ->
    // Qwen2_5_VLTextConfig(**text_config)); MAX's qwen2_5vl reads huggingface_config.text_config.
    const d = diag(analyzeConfig(sparse), 'text-config-top-level-fields')!;
    expect(d).toMatchObject({ severity: 'warning', path: 'hidden_size' });
    expect(d.message).toContain('hidden_size 8192');
    expect(d.message).toContain('move them into text_config');
    expect(diag(analyzeConfig(flat), 'text-config-top-level-fields')).toBeUndefined();
  });

  it('a known parent that builds the text config from text_config alone ignores top-level sizes, and says so', () => {
    // gemma-3-4b-it's real config: Gemma3Config builds Gemma3TextConfig(**text_config); a top-level
    // hidden_size never reaches it (transformers-defaults.json gemma3 text_config derivation).
    const gemma = corpus('google__gemma-3-4b-it');
    const a = analyzeConfig({ ...gemma, num_attention_heads: 16 });
    expect(a.dimensions.num_attention_heads).toBe(8); // Gemma3TextConfig default: text_config does not set it
    expect(diag(a, 'text-config-top-level-ignored')).toMatchObject({ severity: 'warning', path: 'num_attention_heads' });
    expect(diag(analyzeConfig(gemma), 'text-config-top-level-ignored')).toBeUndefined();
  });

  it('an unknown parent model type: the top-level sizes are shown, marked as an assumption', () => {
    const a = analyzeConfig({ ...flat, model_type: 'my_vl', text_config: { model_type: 'qwen2' } });
    expect(a.dimensions).toMatchObject({ hidden_size: 2048, num_hidden_layers: 36 });
    expect(diag(a, 'text-config-top-level-assumed')).toMatchObject({ severity: 'warning' });
  });
});

describe('top-level fields that apply to the language model', () => {
  const smolvlm = corpus('gustavokuklinski__aeon-smolvlm-256m-instruct');
  const withoutTextTie = () => {
    const text = { ...(smolvlm.text_config as Record<string, unknown>) };
    delete text.tie_word_embeddings;
    return text;
  };

  it('tie_word_embeddings at the top level applies when text_config lacks it', () => {
    // transformers v5 ties lm_head by the model's own (top-level) config:
    // PreTrainedModel.get_expanded_tied_weights_keys reads getattr(self.config, 'tie_word_embeddings', False).
    const a = analyzeConfig({ ...smolvlm, tie_word_embeddings: true, text_config: withoutTextTie() });
    expect(a.dimensions.tie_word_embeddings).toBe(true);
    expect(a.features).toContain('tied-embeddings');
    const real = analyzeConfig(smolvlm); // real file: both say false
    expect(real.dimensions.tie_word_embeddings).toBe(false);
    expect(diag(real, 'tie-word-embeddings-disagree')).toBeUndefined();
  });

  it('top level and text_config disagreeing is a warning (v5 reads the top, v4 text_config)', () => {
    // v4: PreTrainedModel.tie_weights reads config.get_text_config(decoder=True) (modeling_utils.py @ 040ba14).
    const a = analyzeConfig({ ...smolvlm, tie_word_embeddings: true });
    expect(diag(a, 'tie-word-embeddings-disagree')).toMatchObject({ severity: 'warning', path: 'tie_word_embeddings' });
  });

  it('dtype and quantization_config are read from the top level (the loader reads them there)', () => {
    const kimi = corpus('_maxtest__amd__Kimi-K2.5-MXFP4');
    const a = analyzeConfig(kimi);
    expect(a.dtype).toBe('bfloat16');
    expect(a.quantization).toMatchObject({ method: 'quark', path: 'quantization_config' });
  });
});

describe('original LLaVA configs (mm_vision_tower)', () => {
  // Derived: the real Llama-2-7b-hf config with the keys LLaVA's initialize_vision_modules writes
  // (haotian-liu/LLaVA llava/model/llava_arch.py @ 015f6b7) and LLaVA's own model_type and class.
  const llava = {
    ...corpus('meta-llama__Llama-2-7b-hf'), architectures: ['LlavaLlamaForCausalLM'], model_type: 'llava',
    mm_vision_tower: 'openai/clip-vit-large-patch14-336', use_mm_proj: true, mm_projector_type: 'mlp2x_gelu', mm_hidden_size: 1024,
    mm_vision_select_layer: -2, mm_vision_select_feature: 'patch', mm_use_im_start_end: false, mm_use_im_patch_token: false,
    image_aspect_ratio: 'pad', tune_mm_mlp_adapter: false, tokenizer_model_max_length: 2048, tokenizer_padding_side: 'right',
  };

  it('is multimodal, with the mm_ fields classed, and its language model is the top-level LlamaConfig', () => {
    // llava_llama.py: class LlavaConfig(LlamaConfig) - the top level is the language model.
    const a = analyzeConfig(llava);
    expect(a.features).toContain('multimodal');
    expect(a.dimensions).toMatchObject({ hidden_size: 4096, num_hidden_layers: 32, num_key_value_heads: 32, head_dim: 128, vocab_size: 32000 });
    for (const key of ['mm_vision_tower', 'mm_projector_type', 'mm_hidden_size', 'mm_vision_select_layer', 'use_mm_proj', 'image_aspect_ratio']) {
      expect(field(a, key)?.category, key).toBe('macro');
    }
    expect(field(a, 'tune_mm_mlp_adapter')?.category).toBe('training');
    expect(a.fields.filter((f) => f.category === 'unknown').map((f) => f.path)).toEqual([]);
    // transformers' own 'llava' type is the nested LlavaConfig: it would not read these fields.
    expect(diag(a, 'llava-original')!.message).toMatch(/LlamaConfig.*nested LlavaConfig/s);
  });

  it('llava_mistral reads the top level with MistralConfig', () => {
    const a = analyzeConfig({ ...llava, model_type: 'llava_mistral', num_key_value_heads: 8, sliding_window: null });
    expect(a.dimensions).toMatchObject({ num_key_value_heads: 8, hidden_size: 4096 });
    expect(a.features).toEqual(expect.arrayContaining(['multimodal', 'gqa']));
    expect(diag(a, 'llava-original')!.message).toContain("transformers does not know model_type 'llava_mistral'");
  });
});
