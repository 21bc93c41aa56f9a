import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configView } from './configView';
import { applyRenames, buildNameMap } from './nameMap';

const CORPUS = join(__dirname, '../../fixtures/corpus');
const real = (folder: string) => ({
  config: JSON.parse(readFileSync(join(CORPUS, folder, 'config.json'), 'utf8')),
  names: Object.keys(JSON.parse(readFileSync(join(CORPUS, folder, 'model.safetensors.index.json'), 'utf8')).weight_map),
});

describe('weight-name map (max-facts.md §7)', () => {
  it("applies the renames the way Python's str.replace does: every occurrence, in order", () => {
    expect(applyRenames('model.layers.0.mlp.gate.weight', [{ from: 'model.', to: '' }, { from: 'mlp.gate.weight', to: 'mlp.gate.gate_score.weight' }])).toBe('layers.0.mlp.gate.gate_score.weight');
    expect(applyRenames('language_model.model.norm.weight', [{ from: 'model.', to: '' }])).toBe('language_norm.weight');
  });

  it('real Llama-2-7b names onto llama3: all mapped, rotary inv_freq buffers dropped', () => {
    const { config, names } = real('meta-llama__Llama-2-7b-hf');
    const m = buildNameMap({ donor: 'llama3', format: 'safetensors', names, config: configView(config) });
    expect(m.unmappedCheckpoint).toEqual([]);
    expect(m.unfilledModel).toEqual([]);
    expect(m.dropped).toHaveLength(32);
    expect(m.mapped).toBe(names.length - 32);
  });

  it('real Phi-3 names (fused qkv_proj, gate_up_proj) onto llama3: fused tensors fill the stacked slots', () => {
    const { config, names } = real('microsoft__Phi-3-mini-128k-instruct__resaved');
    const m = buildNameMap({ donor: 'llama3', format: 'safetensors', names, config: configView(config) });
    expect(m.unmappedCheckpoint).toEqual([]);
    expect(m.unfilledModel).toEqual([]);
    expect(m.fused).toContainEqual({ tensor: 'model.layers.0.self_attn.qkv_proj.weight', parts: ['layers.0.self_attn.q_proj.weight', 'layers.0.self_attn.k_proj.weight', 'layers.0.self_attn.v_proj.weight'] });
    expect(m.fused).toHaveLength(2 * config.num_hidden_layers);
  });

  it('real Mixtral names onto llama3 (a wrong donor): the expert tensors are all unmapped', () => {
    const { config, names } = real('alpindale__WizardLM-2-8x22B');
    const m = buildNameMap({ donor: 'llama3', format: 'safetensors', names, config: configView(config) });
    expect(m.unmappedCheckpoint.length).toBe(names.filter((n) => n.includes('block_sparse_moe')).length);
    expect(m.unfilledModel.some((n) => n.endsWith('mlp.gate_proj.weight'))).toBe(true);
  });

  it('real Gemma names onto gemma3: the language_model. prefix, lm_head tied', () => {
    const { config, names } = real('google__gemma-2b-it');
    const m = buildNameMap({ donor: 'gemma3', format: 'safetensors', names, config: configView(config) });
    expect(m.renames[0]).toEqual({ from: 'model.embed_tokens.', to: 'language_model.embed_tokens.' });
    expect(m.tiedLmHead).toBe(true);
  });

  it('GGUF llama names through the GGUF map, rope_freqs dropped', () => {
    const config = { model_type: 'llama', hidden_size: 8, num_attention_heads: 2, num_key_value_heads: 2, num_hidden_layers: 1, intermediate_size: 16, vocab_size: 10, tie_word_embeddings: false };
    const names = ['token_embd.weight', 'output_norm.weight', 'output.weight', 'rope_freqs.weight', 'blk.0.attn_norm.weight', 'blk.0.ffn_norm.weight', 'blk.0.attn_q.weight', 'blk.0.attn_k.weight', 'blk.0.attn_v.weight', 'blk.0.attn_output.weight', 'blk.0.ffn_gate.weight', 'blk.0.ffn_up.weight', 'blk.0.ffn_down.weight'];
    const m = buildNameMap({ donor: 'llama3', format: 'gguf', names, config: configView(config) });
    expect(m).toMatchObject({ mapped: 12, unmappedCheckpoint: [], unfilledModel: [], dropped: ['rope_freqs.weight'] });
  });

  it('an unknown donor is reported as unknown, not guessed', () => {
    const m = buildNameMap({ donor: 'whisper', format: 'safetensors', names: ['a.weight'], config: configView({}) });
    expect(m).toMatchObject({ known: false, mapped: 0, unmappedCheckpoint: [], unfilledModel: [] });
  });
});
