/**
 * Hostile config.json files: text never reaches generated Python outside an escaped literal or a
 * comment (checked with Python's own tokenizer), names are validated, numbers are finite and in
 * range. Each case ends in a clear BringupError or in output that compiles.
 *
 * Packages are generated while the tests are defined and every Python check runs in one python3
 * process (fixtures/max-stub/run_batch.py, in beforeAll); each test asserts on its own case.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runStubBatch, type StubCase, type StubOutcomes } from '../../fixtures/max-stub/stubBatch';
import { analyzeConfig } from '../config/analyze';
import type { ConfigAnalysis } from '../config/types';
import { BringupError } from '../errors';
import { generatePackage, type GeneratedPackageResult } from './generatePackage';

const work = mkdtempSync(join(tmpdir(), 'bringup-adversarial-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let counter = 0;

/** The Python checks, collected while the tests are defined and run together in beforeAll. */
const stubCases: StubCase[] = [];
let stub: StubOutcomes;
beforeAll(async () => { stub = await runStubBatch(stubCases, work); }, 120_000);

/** TinyLlama-1.1B-Chat-v1.0's config as printed on MAX's "read a Hugging Face model config" page (the app's first example). */
const TINYLLAMA = JSON.parse(readFileSync(join(__dirname, '..', '..', 'resources', 'examples', 'tinyllama-1.1b-chat', 'config.json'), 'utf8'));

const MARKER = 'PWNED';
const PAYLOADS = [
  `"; ${MARKER} = 1 #`,
  `'''; ${MARKER}() '''`,
  `"""\n${MARKER} = __import__("os").system("id")\n"""`,
  `\\"; ${MARKER}`,
  `x\r${MARKER} = 1`,
  `x\u2028${MARKER} = 1`,
  `x\u2029${MARKER}\u0085= 1`,
  `nul\u0000${MARKER}`,
  `\ud800${MARKER}\udfff`,
  `# -*- coding: utf-7 -*-\n${MARKER} +AAo-`,
  `\\N{${MARKER}}`,
  `{${MARKER}} f"{${MARKER}}"`,
];

function generate(raw: unknown, analysis?: ConfigAnalysis): GeneratedPackageResult {
  return generatePackage({ analysis: analysis ?? analyzeConfig(raw), config: raw });
}

/** A generation tried while the tests are defined: its package (written, its check queued) or what it threw. */
type Attempt = { ok: true; pkg: GeneratedPackageResult; check: string } | { ok: false; error: unknown };

/** Writes the package's Python files and queues the inertness check (check_inert.py) on them. */
function queueInertCheck(pkg: GeneratedPackageResult): string {
  const id = String(counter++);
  const dir = join(work, id, pkg.packageName);
  mkdirSync(dir, { recursive: true });
  const files = pkg.files.filter((f) => f.language === 'python').map((f) => {
    writeFileSync(join(dir, f.path), f.content);
    return join(dir, f.path);
  });
  stubCases.push({ id, kind: 'inert', marker: MARKER, files });
  return id;
}

function attempt(build: () => GeneratedPackageResult): Attempt {
  try {
    const pkg = build();
    return { ok: true, pkg, check: queueInertCheck(pkg) };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The package a generation that must succeed gave (rethrows what it threw). */
function generated(a: Attempt): { pkg: GeneratedPackageResult; check: string } {
  if (!a.ok) throw a.error;
  return a;
}

/** '' when every file is inert and compiles, else the checker's output. */
function inertProblems(check: string): string {
  const run = stub.get(check);
  return run.status === 0 ? '' : (run.stdout + run.stderr).trim();
}

function expectRefusalOrInert(a: Attempt): 'refused' | 'inert' {
  if (!a.ok) {
    const err = a.error;
    expect(err).toBeInstanceOf(BringupError);
    expect((err as BringupError).code).toBe('bad-input');
    expect((err as Error).message).not.toMatch(/\n/);
    return 'refused';
  }
  expect(inertProblems(a.check)).toBe('');
  for (const file of a.pkg.files) expect(file.content).toMatch(/^[\x20-\x7e\n]*$/);
  return 'inert';
}

describe('text in string fields', () => {
  const stringPaths = ['model_type', 'hidden_act', 'torch_dtype', 'transformers_version', 'rope_parameters.rope_type'];
  for (const path of stringPaths) {
    const attempts = PAYLOADS.map((payload) => {
      const raw: Record<string, unknown> & { rope_parameters: Record<string, unknown> } = structuredClone(TINYLLAMA);
      if (path.includes('.')) raw.rope_parameters.rope_type = payload;
      else raw[path] = payload;
      return [payload, attempt(() => generate(raw))] as const;
    });
    test.each(attempts)(`${path} = %j stays inside literals and comments`, (_payload, a) => {
      expect(expectRefusalOrInert(a)).toBe('inert');
    });
  }

  const unknownKeys = PAYLOADS.map((payload) => {
    const raw = { ...structuredClone(TINYLLAMA), [payload]: payload, [`k_${payload}`]: [payload, { [payload]: payload }] };
    return [payload, attempt(() => generate(raw))] as const;
  });
  test.each(unknownKeys)('unknown keys and values %j are listed only as comments', (_payload, a) => {
    expect(expectRefusalOrInert(a)).toBe('inert');
  });

  const renamed = PAYLOADS.map((payload) => [payload, attempt(() => generatePackage({ analysis: analyzeConfig(TINYLLAMA), config: TINYLLAMA, weightRenames: [{ from: payload, to: payload }] }))] as const);
  test.each(renamed)('weight renames from tensor names %j stay inside literals', (_payload, a) => {
    expect(inertProblems(generated(a).check)).toBe('');
  });

  const text = PAYLOADS.join('|');
  const roundTrip = attempt(() => {
    const raw = structuredClone(TINYLLAMA);
    return generatePackage({ analysis: analyzeConfig(raw), config: raw, weightRenames: [{ from: text, to: 'x' }] });
  });
  const roundTripCase = `renames:${counter++}`;
  if (roundTrip.ok) {
    const adapter = roundTrip.pkg.files.find((f) => f.path === 'weight_adapters.py')!;
    const dir = join(work, roundTripCase.replace(':', '-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'weight_adapters.py'), adapter.content);
    stubCases.push({ id: roundTripCase, kind: 'renames', file: join(dir, 'weight_adapters.py') });
  }
  test('a string literal evaluates back to the exact text', () => {
    generated(roundTrip);
    const run = stub.get(roundTripCase);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.result[0][0]).toBe(text);
  });
});

describe('names that become identifiers', () => {
  test.each(['Foo; import os', 'Foo\nimport os', 'class', '1Llama', '', 'Llama-3', 'Ｌlama', '__init__'])('architectures[0] = %j is refused with one line', (name) => {
    const raw = { ...TINYLLAMA, architectures: [name] };
    expect(() => generate(raw)).toThrow(BringupError);
    expect(() => generate(raw)).toThrow(/^architectures\[0\]: .* is not a valid Python class name/);
  });

  test('--name is validated the same way', () => {
    expect(() => generatePackage({ analysis: analyzeConfig(TINYLLAMA), config: TINYLLAMA, archName: 'X(); import os' })).toThrow(/^--name: /);
  });

  const bad = ['import os', 'class', '__class__', 'kv_params', 'initialize', `x${MARKER}; y`, 'a\u2028b'];
  const badFields = attempt(() => {
    const analysis = analyzeConfig(TINYLLAMA);
    const hostile: ConfigAnalysis = {
      ...analysis,
      dimensions: { ...analysis.dimensions, ...Object.fromEntries(bad.map((name) => [name, 7])) },
      fields: [...analysis.fields, ...bad.map((path) => ({ path, category: 'structural' as const, value: 7, origin: 'config' as const, note: `${MARKER}\n` }))],
    };
    const raw = { ...TINYLLAMA, ...Object.fromEntries(bad.map((name) => [name, 7])) };
    return generate(raw, hostile);
  });
  test('extra fields whose names are not identifiers, keywords, dunders or protocol names are skipped with a warning', () => {
    const { pkg, check } = generated(badFields);
    const skipped = pkg.warnings.filter((w) => w.code === 'codegen-field-skipped').map((w) => w.path);
    expect(skipped.sort()).toEqual([...bad].sort());
    expect(inertProblems(check)).toBe('');
  });

  test('the package name shadows nothing MAX imports', () => {
    const pkg = generatePackage({ analysis: analyzeConfig(TINYLLAMA), config: TINYLLAMA, archName: 'Max' });
    expect(pkg.packageName).toBe('max_port');
  });
});

describe('numbers', () => {
  const cases: Array<[string, unknown]> = [
    ['hidden_size', -2048], ['hidden_size', 0], ['hidden_size', 2.5], ['hidden_size', Infinity], ['hidden_size', 2 ** 53 + 2],
    ['hidden_size', 'NaN'], ['num_attention_heads', -1], ['vocab_size', 1e300], ['max_position_embeddings', -1],
    ['rms_norm_eps', 0], ['rms_norm_eps', -1e-5], ['rms_norm_eps', Infinity], ['num_hidden_layers', 'Infinity'],
  ];
  const attempts = cases.map(([path, value]) => [path, value, attempt(() => generate({ ...structuredClone(TINYLLAMA), [path]: value }))] as const);
  test.each(attempts)('%s = %j: refused, or never embedded', (path, value, a) => {
    expectRefusalOrInert(a);
    // The analysis is not trusted either: the same value handed over as an effective dimension is refused.
    const analysis = analyzeConfig(TINYLLAMA);
    const lying: ConfigAnalysis = { ...analysis, dimensions: { ...analysis.dimensions, [path]: value as number } };
    expect(() => generate(TINYLLAMA, lying)).toThrow(new RegExp(`^${path}: `));
  });

  test('a non-finite extra structural value is refused naming its path', () => {
    const analysis = analyzeConfig(TINYLLAMA);
    const lying: ConfigAnalysis = { ...analysis, dimensions: { ...analysis.dimensions, sliding_window: Infinity }, fields: [...analysis.fields, { path: 'sliding_window', category: 'structural', value: null, origin: 'config', note: '' }] };
    expect(() => generate({ ...TINYLLAMA, sliding_window: Infinity }, lying)).toThrow(/^sliding_window: Infinity is not a finite number/);
  });

  const huge = attempt(() => generate({ ...TINYLLAMA, some_budget: 1e308, negative_thing: -5e-324 }));
  test('huge but valid numbers in unknown fields are shown only in comments', () => {
    expect(expectRefusalOrInert(huge)).toBe('inert');
  });
});

describe('shapes', () => {
  const deepNesting = attempt(() => {
    let deep: unknown = MARKER;
    for (let i = 0; i < 10_000; i++) deep = i % 2 ? [deep] : { [MARKER]: deep };
    const raw = { ...TINYLLAMA, deep, rope_parameters: { ...TINYLLAMA.rope_parameters, nested: deep } };
    return generate(raw);
  });
  test('10,000-deep nesting is handled without a stack overflow', () => {
    expectRefusalOrInert(deepNesting);
  });

  test.each([null, [], 'config', 42, [TINYLLAMA]])('a config.json whose top level is %j is refused', (raw) => {
    expect(() => generatePackage({ analysis: analyzeConfig(TINYLLAMA), config: raw })).toThrow(/^config\.json: the top level is not a JSON object/);
  });

  test('an analysis that is not one is refused', () => {
    expect(() => generatePackage({ analysis: {} as ConfigAnalysis, config: TINYLLAMA })).toThrow(/^analysis: /);
  });

  test('a missing architectures list asks for --name', () => {
    const { architectures: _, ...raw } = TINYLLAMA;
    expect(() => generate(raw)).toThrow(/^config\.json architectures: missing or empty; pass --name/);
    expect(generatePackage({ analysis: analyzeConfig(raw), config: raw, archName: 'TinyPort' }).packageName).toBe('tiny_port');
  });
});

const propertySamples = fc.sample(
  fc.record({
    modelType: fc.string({ unit: 'binary', maxLength: 40 }),
    key: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
    value: fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.double(), fc.integer(), fc.boolean()),
  }),
  { numRuns: 60, seed: 4 },
);
const propertyRun = (() => {
  const dir = join(work, 'property');
  const files: string[] = [];
  try {
    const packages = propertySamples.map(({ modelType, key, value }, index) => {
      const raw = { ...TINYLLAMA, model_type: MARKER + modelType, [MARKER + key]: typeof value === 'string' ? MARKER + value : value };
      const pkg = generate(raw);
      for (const file of pkg.files) {
        if (file.language !== 'python') continue;
        const path = join(dir, String(index), pkg.packageName, file.path);
        mkdirSync(join(dir, String(index), pkg.packageName), { recursive: true });
        writeFileSync(path, file.content);
        files.push(path);
      }
      return pkg;
    });
    stubCases.push({ id: 'property', kind: 'inert', marker: MARKER, files });
    return { ok: true as const, packages };
  } catch (error) {
    return { ok: false as const, error };
  }
})();

test('property: any unicode in model_type, keys and values yields inert, ASCII, line-exact output', () => {
  if (!propertyRun.ok) throw propertyRun.error;
  for (const pkg of propertyRun.packages) {
    for (const file of pkg.files) {
      expect(file.content).toMatch(/^[\x20-\x7e\n]*$/);
      expect(file.content.split('\n').length - 1).toBeGreaterThanOrEqual(Math.max(0, ...file.lines.map((l) => l.line)));
    }
  }
  const run = stub.get('property');
  expect((run.stdout + run.stderr).trim()).toBe('');
  expect(run.status).toBe(0);
});
