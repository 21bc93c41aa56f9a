import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configView, textModelType } from './configView';
import { detectPrefixes, expectedTensors, familyForModelType } from './families';

const CORPUS = join(__dirname, '../../fixtures/corpus');
const readJson = (folder: string, file: string) => JSON.parse(readFileSync(join(CORPUS, folder, file), 'utf8'));

/**
 * The knowledge base's tensor templates, checked against the tensor names real checkpoints list in
 * their model.safetensors.index.json: for the config beside it, the templates must expect exactly
 * the tensors the checkpoint holds (no more, no fewer).
 */
const REAL_CHECKPOINTS = [
  'meta-llama__Llama-2-7b-hf',
  'meta-llama__Llama-3.2-3B-Instruct', // tied embeddings: no lm_head.weight
  'mattshumer__Reflection-Llama-3.1-70B',
  'instructlab__granite-7b-lab',
  'FlagAlpha__Llama3-Chinese-8B-Instruct',
  'mistralai__Mistral-7B-Instruct-v0.3',
  'mistralai__Mistral-7B-Instruct-v0.2__resaved',
  'mistralai__Devstral-Small-2507',
  'cognitivecomputations__Dolphin3.0-R1-Mistral-24B',
  'google__gemma-2b-it', // gemma ties lm_head by default
  'microsoft__Phi-3-mini-128k-instruct__resaved', // fused qkv_proj and gate_up_proj
  'alpindale__WizardLM-2-8x22B', // mixtral experts w1/w2/w3
];

describe('family templates against real checkpoint names', () => {
  for (const folder of REAL_CHECKPOINTS) {
    it(folder, () => {
      const config = readJson(folder, 'config.json');
      const names = Object.keys(readJson(folder, 'model.safetensors.index.json').weight_map);
      const family = familyForModelType(textModelType(config));
      expect(family, `no family for ${textModelType(config)}`).toBeDefined();
      const prefixes = detectPrefixes(family!, names);
      expect(prefixes).not.toBeNull();
      const expected = expectedTensors(family!, configView(config), prefixes!);
      const required = new Set(expected.filter((t) => !t.optional).map((t) => t.name));
      const allowed = new Set(expected.map((t) => t.name));
      expect(names.filter((n) => !allowed.has(n)), 'in the checkpoint, not in the templates').toEqual([]);
      expect([...required].filter((n) => !names.includes(n)), 'in the templates, not in the checkpoint').toEqual([]);
    });
  }

  it('computes the shapes transformers builds for Llama-3.2-3B (GQA, explicit head_dim)', () => {
    const config = readJson('meta-llama__Llama-3.2-3B-Instruct', 'config.json');
    const family = familyForModelType('llama')!;
    const byName = new Map(expectedTensors(family, configView(config), { p: 'model.', r: '' }).map((t) => [t.name, t.shape]));
    // 24 heads × 128, 8 kv heads × 128, hidden 3072, intermediate 8192, vocab 128256
    expect(byName.get('model.layers.0.self_attn.q_proj.weight')).toEqual([3072, 3072]);
    expect(byName.get('model.layers.0.self_attn.k_proj.weight')).toEqual([1024, 3072]);
    expect(byName.get('model.layers.27.mlp.down_proj.weight')).toEqual([3072, 8192]);
    expect(byName.get('model.embed_tokens.weight')).toEqual([128256, 3072]);
    expect(byName.has('lm_head.weight')).toBe(false);
  });
});
