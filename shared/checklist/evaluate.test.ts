import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeConfig } from '../config/analyze';
import { evaluateSteps } from './evaluate';

const config = (folder: string) => JSON.parse(readFileSync(`fixtures/corpus/${folder}/config.json`, 'utf8'));
const state = (steps: ReturnType<typeof evaluateSteps>) => Object.fromEntries(steps.map((s) => [s.id, s.state]));

describe('checklist evidence', () => {
  it('marks nothing done before a checkpoint is open, and says what is not built', () => {
    expect(state(evaluateSteps({}))).toEqual({
      'map-fields': 'todo', 'build-layers': 'todo', register: 'todo', 'map-weights': 'todo', 'validate-logits': 'not-built', serve: 'not-built',
    });
  });

  it('blocks field mapping on invalid JSON', () => {
    const [fields] = evaluateSteps({ configError: 'config.json:3:5: expected a comma' });
    expect(fields).toMatchObject({ state: 'blocked', detail: 'config.json:3:5: expected a comma' });
  });

  it('maps fields only when every dimension is in the source map', () => {
    const analysis = analyzeConfig(config('meta-llama__Llama-3.1-8B'));
    const dims = analysis.fields.filter((f) => f.origin === 'config' && f.category === 'dimension').map((f) => f.path);
    expect(state(evaluateSteps({ analysis, mappedConfigPaths: new Set(dims) }))['map-fields']).toBe('done');
    expect(state(evaluateSteps({ analysis, mappedConfigPaths: new Set(dims.slice(1)) }))['map-fields']).toBe('in-progress');
  });

  it('needs a native baseline or no TODO left in model.py for the layers', () => {
    const native = analyzeConfig(config('meta-llama__Llama-3.1-8B'));
    expect(state(evaluateSteps({ analysis: native }))['build-layers']).toBe('done');
    const family = analyzeConfig(config('internlm__internlm2-chat-7b'));
    expect(family.baseline.match).not.toBe('native');
    const pkg = { dir: '/p', archName: 'InternLM2ForCausalLM', nameIsBuiltIn: false, todosLeft: 2 };
    expect(state(evaluateSteps({ analysis: family, writtenPackage: pkg }))['build-layers']).toBe('in-progress');
    expect(state(evaluateSteps({ analysis: family, writtenPackage: { ...pkg, todosLeft: 0 } }))['build-layers']).toBe('done');
  });

  it('refuses registration under a name built into MAX', () => {
    const pkg = { dir: '/p', archName: 'LlamaForCausalLM', nameIsBuiltIn: true, todosLeft: 0 };
    expect(state(evaluateSteps({ writtenPackage: pkg })).register).toBe('blocked');
    expect(state(evaluateSteps({ writtenPackage: { ...pkg, archName: 'LlamaForCausalLMPort', nameIsBuiltIn: false } })).register).toBe('done');
  });

  it('maps weights only when every tensor is mapped and no shape contradicts the config', () => {
    const weights = { unmappedCheckpoint: 0, unfilledModel: 0, mismatches: 0, tensorCount: 21, mapKnown: true, baseline: 'llama3' };
    expect(state(evaluateSteps({ weights }))['map-weights']).toBe('done');
    expect(state(evaluateSteps({ weights: { ...weights, mismatches: 1 } }))['map-weights']).toBe('blocked');
    expect(state(evaluateSteps({ weights: { ...weights, unmappedCheckpoint: 3 } }))['map-weights']).toBe('in-progress');
    expect(state(evaluateSteps({ weights: { ...weights, mapKnown: false } }))['map-weights']).toBe('in-progress');
  });
});
