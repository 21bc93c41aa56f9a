import { mkdtemp, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BringupError } from '../../../shared/errors';
import type { CliContext } from '../command';
import { analyzeCommand } from './analyze';
import { runCli } from '../run';

const CORPUS = join(__dirname, '..', '..', '..', 'fixtures', 'corpus');

function context(source: string, json: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = { positionals: [source], values: { json, offline: true }, io: { out: (t) => out.push(t), err: (t) => err.push(t) }, env: { HOME: '/nonexistent', HF_HUB_OFFLINE: '1' }, cwd: CORPUS };
  return { ctx, out, err };
}

describe('bringup analyze', () => {
  it('--json prints the contract object for a local folder', async () => {
    const { ctx, out, err } = context(join(CORPUS, 'meta-llama__Llama-3.1-8B'), true);
    expect(await analyzeCommand.run(ctx)).toBe(0);
    const json = JSON.parse(out.join(''));
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['source', 'architecture', 'modelType', 'dtype', 'baseline', 'dimensions', 'features', 'fields', 'diagnostics', 'kvCache']));
    expect(json).toMatchObject({ source: join(CORPUS, 'meta-llama__Llama-3.1-8B'), architecture: 'LlamaForCausalLM', modelType: 'llama', dtype: 'bfloat16', baseline: { match: 'native', folder: 'llama3' } });
    for (const k of ['hidden_size', 'num_hidden_layers', 'num_attention_heads', 'num_key_value_heads', 'head_dim', 'intermediate_size', 'vocab_size', 'max_position_embeddings', 'rope_theta', 'rms_norm_eps', 'hidden_act', 'tie_word_embeddings']) {
      expect(json.dimensions).toHaveProperty(k);
    }
    expect(err).toEqual([]);
  });

  it('accepts a path to config.json and uses the folder\'s file list (quantize_config.json)', async () => {
    const { ctx, out } = context('TheBloke__WizardCoder-15B-1.0-GPTQ/config.json', true);
    expect(await analyzeCommand.run(ctx)).toBe(0);
    expect(JSON.parse(out.join('')).features).toContain('quantized:gptq');
  });

  it('text report names baseline, features, diagnostics and KV cache; exit 0 even with error diagnostics', async () => {
    const { ctx, out } = context('jeevanchaps__Llama-3.1-8B-Instruct-bnb8bit-finetune', false);
    expect(await analyzeCommand.run(ctx)).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/Baseline: native → llama3 \(LlamaForCausalLM\)/);
    expect(text).toMatch(/Features: .*quantized:bitsandbytes/);
    expect(text).toMatch(/error\s+quantization-unsupported \[quantization_config\.quant_method\]/);
    expect(text).toMatch(/KV cache: 131,072 bytes\/token/);
  });

  it('missing config.json is bad input naming the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bringup-analyze-'));
    const { ctx } = context(dir, true);
    await expect(analyzeCommand.run(ctx)).rejects.toMatchObject({ code: 'bad-input', message: `${dir}: no config.json in this checkpoint` });
  });

  it('invalid JSON is bad input with file:line:column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bringup-analyze-'));
    await writeFile(join(dir, 'config.json'), '{\n  "model_type": "llama",\n}\n');
    const { ctx } = context(dir, true);
    const e = await analyzeCommand.run(ctx).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BringupError);
    expect((e as BringupError).message).toBe(`${dir}/config.json:3:1: expected a property name in double quotes`);
  });

  it('works on a copied real checkpoint folder with CRLF', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bringup-analyze-'));
    await copyFile(join(CORPUS, 'AventIQ-AI__pythia-410m-chatbot', 'config.json'), join(dir, 'config.json'));
    const { ctx, out } = context(dir, true);
    expect(await analyzeCommand.run(ctx)).toBe(0);
    expect(JSON.parse(out.join('')).modelType).toBe('gpt_neox');
  });
});

describe('bringup analyze on a config.json that is not an object', () => {
  it('is bad input (exit 2) naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bringup-array-'));
    await writeFile(join(dir, 'config.json'), '[1, 2]');
    const err: string[] = [];
    const code = await runCli(['analyze', dir], [analyzeCommand], { out: () => undefined, err: (t) => void err.push(t) }, {}, dir);
    expect(code).toBe(2);
    expect(err.join('')).toBe(`bringup analyze: ${dir}/config.json: the top level is not a JSON object, so this is not a checkpoint config\n`);
  });
});
