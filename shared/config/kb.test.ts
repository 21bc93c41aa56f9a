// The knowledge base is data with provenance, and it says what the reference files say.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activations, codeStructure, donorRules, featureRules, maxArchitectureByFolder, maxArchitectures, modelTypes, pitfalls, quantization, textConfigRules } from './kb';
import codeStructureJson from '../../resources/kb/code-structure.json';

const kbDir = join(__dirname, '..', '..', 'resources', 'kb');
const kbFiles = ['max-architectures.json', 'model-types.json', 'rope-types.json', 'activations.json', 'features.json', 'donor-families.json', 'field-notes.json', 'pitfalls.json', 'quantization.json', 'code-structure.json', 'text-configs.json'];

describe('knowledge base', () => {
  it.each(kbFiles)('%s names its source (repo and commit)', (file) => {
    const json = JSON.parse(readFileSync(join(kbDir, file), 'utf8'));
    expect(json._source.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
    expect(json._source.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('every model type and MAX architecture carries its own source', () => {
    for (const mt of Object.values(modelTypes)) expect(mt.source, mt.modelType).toMatchObject({ repo: 'huggingface/transformers', commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    for (const a of maxArchitectures) expect(a.source.path, a.folder).toMatch(/^max\/python\/max\/pipelines\/architectures\//);
  });

  it('holds every registered MAX architecture of the reference table (79 lazy entries, 90 rows with helper folders)', () => {
    expect(maxArchitectures).toHaveLength(90);
    expect(maxArchitectures.filter((a) => a.registered).flatMap((a) => a.names)).toHaveLength(79);
  });

  it('every donor folder exists in the MAX table and every donor name is registered there', () => {
    for (const rule of donorRules) {
      if (!rule.folder) continue;
      const arch = maxArchitectureByFolder(rule.folder);
      expect(arch, rule.folder).not.toBeNull();
      expect(maxArchitectures.some((a) => a.folder === rule.folder && a.registered && a.names.includes(rule.name!)), rule.id).toBe(true);
    }
    expect(donorRules.at(-1)).toMatchObject({ default: true, folder: 'llama3' });
  });

  it('derivations restate the reference: head_dim = qk_rope_head_dim for deepseek, fixed 128 for qwen3, kv default 8 for mistral', () => {
    const ref = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'reference', 'transformers-defaults.json'), 'utf8')).model_types;
    for (const [type, mt] of Object.entries(modelTypes)) {
      if (mt.headDim === 'qk_rope_head_dim') expect(ref[type].defaults.head_dim.derived, type).toMatch(/qk_rope_head_dim/);
    }
    expect(modelTypes.qwen3.defaults.head_dim).toBe(128);
    expect(modelTypes.mistral.defaults.num_key_value_heads).toBe(8);
    expect(modelTypes.mixtral.defaultTheta).toBe(1e6);
    expect(modelTypes.gpt2.attributeMap).toMatchObject({ hidden_size: 'n_embd', num_attention_heads: 'n_head' });
  });

  it('the GELU variants are different functions; the tanh ones share MAX\'s gelu_tanh', () => {
    expect(activations.activations.gelu.family).not.toBe(activations.activations.gelu_new.family);
    expect(activations.activations.gelu_new.maxName).toBe('gelu_tanh');
    expect(activations.activations.gelu_pytorch_tanh.maxName).toBe('gelu_tanh');
    expect(activations.activations.quick_gelu.maxName).toBeNull();
  });

  it('MAX rejects AWQ; accepts the eight methods of parse_quant_config', () => {
    expect(quantization.maxAcceptedMethods).toHaveLength(8);
    expect(quantization.maxAcceptedMethods).not.toContain('awq');
    expect(quantization.encodings.float8_e4m3fn.kvCacheDtype).toBe('bfloat16');
  });

  it('feature ids follow the contract vocabulary style and every pitfall has a severity', () => {
    for (const f of featureRules) expect(f.id).toMatch(/^[a-z0-9-]+$/);
    for (const [code, p] of Object.entries(pitfalls)) {
      expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(['error', 'warning', 'info']).toContain(p.severity);
    }
  });

  it('code-only structure uses features.json ids, each entry with the modeling file and commit it was read from', () => {
    const ids = new Set(featureRules.map((f) => f.id));
    for (const [type, entry] of Object.entries(codeStructureJson.modelTypes)) {
      for (const f of entry.features) expect(ids, `${type}: ${f}`).toContain(f);
      expect(codeStructure(type)!.source.path, type).toMatch(/^src\/transformers\/models\/\w+\/modeling_\w+\.py$/);
      expect(codeStructure(type)!.source.commit, type).toMatch(/^[0-9a-f]{40}$/);
    }
    // A model type verified from its modeling file is not also claimed by an unverified modelType signal.
    for (const rule of featureRules) {
      for (const group of rule.when) for (const s of group) {
        for (const t of s.modelTypes ?? []) expect(codeStructure(t)?.features ?? [], `${rule.id} ${t}`).not.toContain(rule.id);
      }
    }
  });

  it('text-config rules: the LLaVA language-model types are model types the KB knows', () => {
    for (const [type, lm] of Object.entries(textConfigRules.legacyLlava.languageModelTypes)) expect(modelTypes[lm.modelType], type).toBeDefined();
    for (const type of Object.keys(textConfigRules.topLevelApplied)) expect(modelTypes[type]?.textConfig, type).toBeTruthy();
  });
});
