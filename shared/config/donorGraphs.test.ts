import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeConfig } from './analyze';

const llama = JSON.parse(readFileSync('fixtures/corpus/meta-llama__Llama-3.1-8B/config.json', 'utf8'));
const codes = (config: unknown) => analyzeConfig(config).diagnostics.map((d) => d.code);

describe('what a donor graph ignores (resources/kb/donor-graphs.json)', () => {
  it('warns that Llama3Model ignores hidden_act, for every folder built on it', () => {
    expect(codes({ ...llama, hidden_act: 'gelu' })).toContain('hidden-act-ignored');
    expect(codes(llama)).not.toContain('hidden-act-ignored');
    const granite = { ...llama, architectures: ['GraniteForCausalLM'], model_type: 'granite', hidden_act: 'gelu' };
    expect(analyzeConfig(granite).baseline.folder).toBe('granite');
    expect(codes(granite)).toContain('hidden-act-ignored');
  });
  it('warns about rope types Llama3Config drops silently, not about the ones it handles', () => {
    expect(codes({ ...llama, rope_scaling: { rope_type: 'linear', factor: 2 } })).toContain('rope-type-ignored');
    expect(codes(llama)).not.toContain('rope-type-ignored');
  });
});
