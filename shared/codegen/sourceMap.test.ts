import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeConfig } from '../config/analyze';
import { generateModelConfig, generatePackage } from './generatePackage';
import { configPathsForLine, linesForConfigPath } from './sourceMap';

const corpus = (folder: string) => JSON.parse(readFileSync(resolve(__dirname, '../../fixtures/corpus', folder, 'config.json'), 'utf8'));
const lineText = (content: string, line: number) => content.split('\n')[line - 1];

describe('source map', () => {
  const raw = corpus('meta-llama__Llama-3.1-8B');
  const pkg = generatePackage({ analysis: analyzeConfig(raw), config: raw });
  const modelConfig = pkg.files.find((f) => f.path === 'model_config.py')!;

  test('every mapped line exists and names a config path', () => {
    for (const file of pkg.files) {
      const count = file.content.split('\n').length - 1;
      for (const entry of file.lines) {
        expect(entry.line).toBeGreaterThanOrEqual(1);
        expect(entry.line).toBeLessThanOrEqual(count);
        expect(entry.configPath).not.toBe('');
        expect(entry.why).not.toMatch(/\n/);
      }
    }
  });

  test('each dimension in config.json reveals a line that shows its value, and the line reveals the field', () => {
    for (const [path, value] of Object.entries({ hidden_size: 4096, num_key_value_heads: 8, rope_theta: 500000, vocab_size: 128256 })) {
      const [entry] = linesForConfigPath(modelConfig, path);
      expect(lineText(modelConfig.content, entry.line)).toContain(`${path} = ${value}`);
      expect(configPathsForLine(modelConfig, entry.line).map((e) => e.configPath)).toContain(path);
    }
  });

  test('a nested field reveals its enclosing field; training and token fields reveal their "unused" line', () => {
    const [rope] = linesForConfigPath(modelConfig, 'rope_scaling.factor');
    expect(lineText(modelConfig.content, rope.line)).toContain('rope_scaling');
    const [bos] = linesForConfigPath(modelConfig, 'bos_token_id');
    expect(lineText(modelConfig.content, bos.line)).toMatch(/^# {3}"bos_token_id" \(tokens\) = 128000/);
  });

  test('every top-level config.json field reveals at least one line in the package', () => {
    for (const key of Object.keys(raw)) {
      const found = pkg.files.some((file) => linesForConfigPath(file, key).length > 0);
      expect(found, key).toBe(true);
    }
  });

  test('arch.py links the registered name to architectures and the encoding to torch_dtype', () => {
    const arch = pkg.files.find((f) => f.path === 'arch.py')!;
    expect(lineText(arch.content, linesForConfigPath(arch, 'architectures')[1].line)).toBe('    name="LlamaForCausalLM",');
    expect(lineText(arch.content, linesForConfigPath(arch, 'torch_dtype')[0].line)).toBe('    default_encoding="bfloat16",');
  });

  test('a donor config maps each dimension to the line of MAX\'s source that reads it', () => {
    const mistral = corpus('mistralai__Mistral-7B-Instruct-v0.3');
    const { file } = generateModelConfig({ analysis: analyzeConfig(mistral), config: mistral });
    const text = (path: string) => linesForConfigPath(file, path).map((e) => lineText(file.content, e.line).trim());
    expect(text('num_key_value_heads')).toContain('#   num_key_value_heads = 8: read by ArchConfigWithStoredKVParams.construct_kv_params (interfaces/arch_config.py:175)');
    expect(text('max_position_embeddings')).toContain('#   max_position_embeddings = 32768: read by ArchConfigWithPermissiveMaxSeqLen.calculate_max_seq_len (interfaces/arch_config.py:199)');
  });
});
