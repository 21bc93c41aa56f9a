/**
 * Property: `generate` never fails unexpectedly (the command line's exit 1). Whatever JSON value any
 * field of a real config.json holds (objects, lists, booleans, null where strings and numbers
 * belong, keys named like Object.prototype's members), parsing, analysing and generating either
 * give a package or refuse with one BringupError('bad-input') line, the command line's exit 2.
 * The path exercised is the command line's own: the text through analyzeForPort, then
 * generateForCheckpoint (no weights to read).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analyzeForPort } from '../../../shared/config/analyzeForPort';
import { resolveDonor } from '../../../shared/codegen/donor';
import { BringupError } from '../../../shared/errors';
import { generateForCheckpoint } from './generateForCheckpoint';

const CORPUS = resolve(__dirname, '../../../fixtures/corpus');
const EXAMPLES = resolve(__dirname, '../../../resources/examples');
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
/** One config per donor family the corpus reaches (llama3, qwen3, qwen3 MoE, deepseekV3, gemma3, gemma3multimodal, mistral, phi3). */
const BASES: Record<string, Record<string, unknown>> = {
  tinyllama: read(join(EXAMPLES, 'tinyllama-1.1b-chat', 'config.json')),
  qwen3: read(join(EXAMPLES, 'qwen3-8b', 'config.json')),
  deepseek: read(join(EXAMPLES, 'deepseek-v3', 'config.json')),
  gemma3mm: read(join(EXAMPLES, 'gemma-3-4b-it', 'config.json')),
  mixtral: read(join(CORPUS, 'alpindale__WizardLM-2-8x22B', 'config.json')),
  gemma2: read(join(CORPUS, 'HakunaMatata888__gemma2-2b-it-poem', 'config.json')),
  mistral: read(join(CORPUS, 'mistralai__Mistral-7B-Instruct-v0.3', 'config.json')),
  pythia: read(join(CORPUS, 'AventIQ-AI__pythia-410m-chatbot', 'config.json')),
};

/** Any JSON value, with keys that collide with Object.prototype and Python names. */
const awkwardKey = fc.constantFrom('toString', 'valueOf', '__proto__', 'constructor', 'hasOwnProperty', 'model_type', 'text_config', 'rope_scaling', 'type', 'rope_type', 'factor', '');
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.constantFrom(0, -1, 1e308, 2 ** 53, 0.5, 'silu', 'llama3', 'yarn', 'bfloat16', 'float16', 'gptq'),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(awkwardKey, fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** How one run ended: a package, or bad input in one line (anything else is thrown: the command line's exit 1). */
async function check(config: unknown, baseline?: string): Promise<'generated' | 'refused'> {
  const text = JSON.stringify(config);
  try {
    const { config: parsed, analysis } = analyzeForPort(text, 'config.json', { source: 'property' });
    await generateForCheckpoint(null, undefined, { analysis, config: parsed, ...(baseline ? { baselineFolder: baseline } : {}), weightsFormat: 'safetensors' });
    return 'generated';
  } catch (err) {
    if (err instanceof BringupError && err.code === 'bad-input' && !err.message.includes('\n')) return 'refused';
    throw err;
  }
}

const RUNS = 150;

describe('generate with arbitrary JSON values in every field', () => {
  for (const [name, base] of Object.entries(BASES)) {
    const keys = Object.keys(base);
    test(`${name}: one field replaced by any JSON value (${RUNS} runs)`, async () => {
      await fc.assert(fc.asyncProperty(fc.constantFrom(...keys), jsonValue, async (key, value) => {
        await check({ ...base, [key]: value });
      }), { numRuns: RUNS, seed: 12 });
    });
    test(`${name}: several fields, nested ones and new keys replaced at once (${RUNS} runs)`, async () => {
      const nested = Object.entries(base).filter(([, v]) => v && typeof v === 'object' && !Array.isArray(v)).map(([k]) => k);
      await fc.assert(fc.asyncProperty(
        fc.dictionary(fc.oneof(fc.constantFrom(...keys), awkwardKey, fc.string({ maxLength: 10 })), jsonValue, { maxKeys: 6 }),
        fc.option(fc.tuple(fc.constantFrom(...(nested.length ? nested : ['text_config'])), fc.string({ maxLength: 12 }), jsonValue)),
        async (fields, inner) => {
          const config: Record<string, unknown> = structuredClone(base);
          Object.assign(config, fields);
          if (inner) {
            const [outer, key, value] = inner;
            const target = config[outer];
            config[outer] = target && typeof target === 'object' && !Array.isArray(target) ? { ...target, [key]: value } : { [key]: value };
          }
          await check(config);
        },
      ), { numRuns: RUNS, seed: 34 });
    });
  }

  test(`every text-generation donor, chosen with --baseline, on a config with arbitrary values (${RUNS} runs)`, async () => {
    const donors = ['llama3', 'qwen3', 'deepseekV3', 'gemma3', 'gemma3multimodal', 'mistral', 'mistral3', 'gpt_oss', 'olmo2', 'phi3', 'qwen2', 'kimik2_5', 'qwen3_5', 'internvl', 'exaone'];
    for (const donor of donors) expect(resolveDonor(donor), donor).not.toBeNull();
    await fc.assert(fc.asyncProperty(fc.constantFrom(...donors), fc.constantFrom(...Object.values(BASES)), fc.constantFrom(...Object.keys(BASES.qwen3)), jsonValue,
      async (donor, base, key, value) => {
        await check({ ...base, [key]: value }, donor);
      }), { numRuns: RUNS, seed: 56 });
  });

  test('the cases the issue names: "logit_scale": null generates; a value that is not a number is refused naming its path', async () => {
    expect(await check({ ...BASES.tinyllama, logit_scale: null })).toBe('generated');
    await expect(check({ ...BASES.tinyllama, logit_scale: { toString: 1 } })).resolves.toBe('refused');
    const err = await generateForCheckpoint(null, undefined, (() => {
      const { config, analysis } = analyzeForPort(JSON.stringify({ ...BASES.tinyllama, logit_scale: [1] }), 'config.json');
      return { analysis, config };
    })()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BringupError);
    expect((err as Error).message).toMatch(/^logit_scale: a list of 1 is not a finite number$/);
  });

  test('an object nested 10,000 levels deep is bad input naming the place, not a stack overflow', () => {
    const text = `{"architectures":["LlamaForCausalLM"],"model_type":"llama","x":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    expect(() => analyzeForPort(text, 'config.json')).toThrow(/^config\.json:1:\d+: nested more than 1000 levels deep/);
  });

  test('every corpus and example config generates or is refused in one line', async () => {
    const dirs = [...readdirSync(CORPUS).map((d) => join(CORPUS, d)), ...readdirSync(EXAMPLES).map((d) => join(EXAMPLES, d))].filter((d) => existsSync(join(d, 'config.json')));
    expect(dirs.length).toBeGreaterThan(50);
    for (const dir of dirs) {
      const text = readFileSync(join(dir, 'config.json'), 'utf8');
      let parsed: unknown;
      try { parsed = JSON.parse(text); } catch { continue; }
      await check(parsed);
    }
  });
});
