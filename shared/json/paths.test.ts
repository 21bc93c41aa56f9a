import { describe, expect, it } from 'vitest';
import { pathAtOffset, propertyKeyRanges, rangeOfPath } from './paths';

const text = '{\n  "hidden_size": 2048,\n  "rope_scaling": { "rope_type": "llama3", "factor": 8.0 },\n  "architectures": ["LlamaForCausalLM"]\n}';

describe('JSON paths', () => {
  it('finds a nested property by its dotted path', () => {
    const range = rangeOfPath(text, 'rope_scaling.rope_type')!;
    expect(text.slice(range.offset, range.offset + range.length)).toBe('"rope_type": "llama3"');
  });
  it('finds array elements by index', () => {
    const range = rangeOfPath(text, 'architectures.0')!;
    expect(text.slice(range.offset, range.offset + range.length)).toBe('"LlamaForCausalLM"');
  });
  it('answers null for a missing path', () => {
    expect(rangeOfPath(text, 'rope_scaling.original_max_position_embeddings')).toBeNull();
    expect(rangeOfPath('{not json', 'x')).toBeNull();
  });
  it('gives the path at an offset inside a value', () => {
    expect(pathAtOffset(text, text.indexOf('8.0') + 1)).toBe('rope_scaling.factor');
    expect(pathAtOffset(text, text.indexOf('2048'))).toBe('hidden_size');
  });
  it('lists every property key with its path', () => {
    expect(propertyKeyRanges(text).map((p) => p.path)).toEqual(['hidden_size', 'rope_scaling', 'rope_scaling.rope_type', 'rope_scaling.factor', 'architectures']);
  });
});
