import { describe, expect, it } from 'vitest';
import { analyzeForPort } from './analyzeForPort';

describe('analyzeForPort', () => {
  it('gives the parsed config and its analysis', () => {
    const { config, analysis } = analyzeForPort('\uFEFF{"model_type": "llama", "architectures": ["LlamaForCausalLM"]}', 'x/config.json');
    expect(config.model_type).toBe('llama');
    expect(analysis.baseline.match).toBe('native');
  });
  it('refuses invalid JSON with file:line:column, and a top level that is not an object', () => {
    expect(() => analyzeForPort('{\n  "a": 1\n  "b": 2\n}', 'x/config.json')).toThrow(/^x\/config\.json:3:3: /);
    expect(() => analyzeForPort('[1, 2]', 'x/config.json')).toThrow('x/config.json: the top level is not a JSON object, so this is not a checkpoint config');
  });
});
