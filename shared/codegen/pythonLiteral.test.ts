import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { isPythonIdentifier, packageNameFor, toSnakeCase } from './identifiers';
import { describeValue, pyFloat, pyStr } from './pythonLiteral';

test('property: pyStr is printable ASCII and Python evaluates it back to the same string', () => {
  const samples = fc.sample(fc.string({ unit: 'binary', maxLength: 30 }), { numRuns: 300, seed: 11 });
  const source = samples.map((s) => pyStr(s)).join('\n');
  expect(source).toMatch(/^[\x20-\x7e\n]*$/);
  const script = 'import ast, json, sys\nprint(json.dumps([ast.literal_eval(line) for line in sys.stdin.read().split("\\n")]))';
  const run = spawnSync('python3', ['-c', script], { input: source, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  // JSON carries lone surrogates as \ud800 escapes both ways, so the comparison is exact.
  expect(JSON.parse(run.stdout)).toEqual(samples);
});

test('floats keep a float literal form; comments never get a line break', () => {
  expect(pyFloat(10000)).toBe('10000.0');
  expect(pyFloat(1e-5)).toBe('0.00001');
  expect(pyFloat(1e21)).toBe('1e+21');
  expect(() => pyFloat(Infinity)).toThrow();
  expect(describeValue('a\u2028b\nc"d', 100)).toBe('"a\\u2028b\\nc\\"d"');
  expect(describeValue('x'.repeat(200), 20)).toHaveLength(20);
});

test('identifiers: ASCII only, no keywords, soft keywords or dunders', () => {
  for (const ok of ['hidden_size', 'LlamaForCausalLM', '_x1']) expect(isPythonIdentifier(ok)).toBe(true);
  for (const bad of ['class', 'match', 'None', '__init__', '1a', 'a-b', 'a b', 'ａ', '', 'x'.repeat(101)]) expect(isPythonIdentifier(bad)).toBe(false);
  expect(toSnakeCase('Qwen2_5_VLForConditionalGeneration')).toBe('qwen2_5_vl_for_conditional_generation');
  expect(toSnakeCase('GPTNeoXForCausalLM')).toBe('gpt_neo_x_for_causal_lm');
  expect(packageNameFor('Max')).toBe('max_port');
  expect(packageNameFor('Torch')).toBe('torch_port');
});
