/**
 * Conformance with MAX's real source: every package generated from every corpus and example config
 * (fixtures/corpus, resources/examples, fixtures/codegen) is checked against the facts extracted
 * from MAX's source (resources/kb/max/donors.json, scripts/kb/extract-max-src.mjs), not against the
 * stub. Per package:
 *   imports   every import names a module and a name MAX's source has (the donor's arch variable,
 *             config classes, the modules whose globals the model swaps, WeightsFormat, PipelineTask)
 *   fields    the port's config declares only fields its base lacks, and never assigns one the base
 *             sets itself
 *   reach     every place the donor builds or consults its config is reached: arch.py's config=, each
 *             class attribute it reads, each class a method names as a module global (or a blocker)
 *   encodings every encoding arch.py declares is one the donor's arch.py declares, else a blocker
 *   adapters  for every format the donor registers, the port's adapter calls the donor's
 *   required  every attribute the donor reads without a default is present in the checkpoint's
 *             AutoConfig, supplied by the port, or a blocker
 *   todos     every TODO names a feature the donor's code shows no evidence of, and every donor it
 *             points to has that evidence at that line
 * The generated code's structure is read with Python's ast (fixtures/max-stub/summarize_package.py);
 * then the package runs on the stub built from the same facts (fixtures/max-stub), where the model is
 * constructed as MAX does and every method that builds a config is called: each config built must be
 * the port's, the donor's globals must be back afterwards, and each adapter must call the donor's.
 * Every Python step runs in one python3 process (run_batch.py, in beforeAll).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import archKb from '../../resources/kb/max-architectures.json';
import donorsKb from '../../resources/kb/max/donors.json';
import nameMapsKb from '../../resources/kb/weights/max-name-maps.json';
import { autoConfigStandIn } from '../../fixtures/max-stub/autoConfig';
import { runStubBatch, type StubCase, type StubOutcomes } from '../../fixtures/max-stub/stubBatch';
import { analyzeConfig } from '../config/analyze';
import { BringupError } from '../errors';
import { DONOR_ARCHITECTURES, resolveDonor, type DonorRecord } from './donor';
import { generatePackage, type GeneratedPackageResult } from './generatePackage';
import { CONVERSIONS, FEATURE_RULES } from './knowledge';
import { SOURCE_ARCHITECTURES, configClassFacts, renameMapsOf } from './maxSource';
import { moduleAlias } from './modelPy';

const ROOTS = [resolve(__dirname, '../../fixtures/corpus'), resolve(__dirname, '../../resources/examples'), resolve(__dirname, '../../fixtures/codegen')];
const work = mkdtempSync(join(tmpdir(), 'bringup-conformance-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const stubCases: StubCase[] = [];
let stub: StubOutcomes;
beforeAll(async () => { stub = await runStubBatch(stubCases, work); }, 180_000);

const FRAMEWORK = (donorsKb as unknown as { framework: Record<string, { found: boolean; members: string[]; fields: string[] }> }).framework;
const STDLIB = new Set(['__future__', 'dataclasses', 'contextlib']);

interface Summary {
  imports: Array<{ module: string; name: string | null; as: string | null }>;
  assigns: Record<string, unknown>;
  classes: Record<string, { bases: string[]; attrs: Record<string, unknown>; fields: string[]; decorators: string[]; methods: Record<string, Method> }>;
  functions: Record<string, Method>;
  replace: { variable: string; base: string; keywords: Record<string, unknown>; adapters: Record<string, string> } | null;
}
interface Method { name: string; decorators: string[]; swaps: Array<{ module: string; name: string; standIn: string }>; assigns: string[]; calls: Array<{ donorAdapter?: string; super?: string }> }

interface Case { name: string; raw: Record<string, unknown>; pkg: GeneratedPackageResult; donor: DonorRecord; summary: string; reach: string | null }

function configs(): Array<{ name: string; raw: Record<string, unknown> }> {
  return ROOTS.flatMap((root) => readdirSync(root).filter((d) => existsSync(join(root, d, 'config.json'))).flatMap((d) => {
    try {
      const raw = JSON.parse(readFileSync(join(root, d, 'config.json'), 'utf8'));
      return raw && typeof raw === 'object' && !Array.isArray(raw) ? [{ name: d, raw }] : [];
    } catch {
      return [];
    }
  }));
}

const refused: Array<{ name: string; message: string }> = [];
const cases: Case[] = [];
for (const { name, raw } of configs()) {
  const analysis = analyzeConfig(raw, { source: name });
  let pkg: GeneratedPackageResult;
  try {
    pkg = generatePackage({ analysis, config: raw, weightsFormat: 'safetensors' });
  } catch (err) {
    if (!(err instanceof BringupError)) throw err;
    refused.push({ name, message: err.message });
    continue;
  }
  const dir = join(work, name, pkg.packageName);
  mkdirSync(dir, { recursive: true });
  for (const file of pkg.files) writeFileSync(join(dir, file.path), file.content);
  const donor = resolveDonor(pkg.donor.folder, pkg.donor.name)!;
  const summary = `summary:${name}`;
  stubCases.push({ id: summary, kind: 'summary', package_dir: dir });
  // The runtime run needs every field the donor reads: packages with a config-field blocker fail at construction, as in MAX.
  const runnable = !pkg.blockers.some((b) => b.id.startsWith('config-field:') || b.id === 'config-reach');
  let reach: string | null = null;
  if (runnable) {
    reach = `reach:${name}`;
    const methods = [...new Set(donor.sites.flatMap((s) => (s.reach.how === 'scoped-global' ? [s.reach.method] : [])))];
    const globals = donor.sites.flatMap((s): Array<[string, string]> => (s.reach.how === 'scoped-global' ? [[s.reach.module, s.reach.name]] : []));
    const encoding = /default_encoding="([a-z0-9_]+)"/.exec(pkg.files.find((f) => f.path === 'arch.py')!.content)![1];
    stubCases.push({ id: reach, kind: 'reach', package_dir: dir, request: {
      config: autoConfigStandIn(raw, analysis), encoding, max_length: null, methods, globals, formats: donor.arch.weightFormats,
      tensors: ['model.layers.0.self_attn.q_proj.weight', 'model.embed_tokens.weight', 'lm_head.weight'],
    } });
  }
  cases.push({ name, raw, pkg, donor, summary, reach });
}
const rows = cases.map((c) => [c.name, c] as const);
const summaryOf = (c: Case) => {
  const run = stub.get(c.summary);
  if (run.status !== 0) throw new Error(run.stderr);
  return run.result as Record<string, Summary>;
};
/** How many facts each check compared, so a check that silently compares nothing fails the coverage test. */
const compared = { imports: 0, fields: 0, sites: 0, built: 0, encodings: 0, adapters: 0, reads: 0, todos: 0 };
const configClassName = (c: Case) => `${c.pkg.rename?.configJsonChange.from ?? (c.raw.architectures as string[])[0]}Config`;

describe('conformance of every generated package with MAX\'s source', () => {
  test('the corpus and examples give packages for almost every config; the rest are refused in one line', () => {
    expect(cases.length).toBeGreaterThan(50);
    expect(refused.length).toBeLessThan(5);
    for (const r of refused) expect(r.message).not.toMatch(/\n/);
  });

  test.each(rows)('%s: imports resolve to names MAX\'s source has', (_name, c) => {
    const files = summaryOf(c);
    const local = new Map(Object.entries(files).map(([file, s]) => [file.replace(/\.py$/, ''), new Set([...Object.keys(s.classes), ...Object.keys(s.functions), ...Object.keys(s.assigns)])]));
    for (const [file, s] of Object.entries(files)) {
      for (const imp of s.imports) {
        const where = `${file}: ${imp.module} ${imp.name ?? ''}`;
        if (STDLIB.has(imp.module.split('.')[0])) continue;
        compared.imports++;
        if (imp.module === '.') {
          expect(local.has(imp.name!), where).toBe(true);
        } else if (imp.module.startsWith('.')) {
          expect(local.get(imp.module.slice(1))?.has(imp.name!), where).toBe(true);
        } else if (imp.name === null) {
          // `import max...model as _x`: a module whose globals a site of this donor names.
          expect(c.donor.sites.some((site) => site.reach.how === 'scoped-global' && site.reach.module === imp.module), where).toBe(true);
          expect(imp.as, where).toBe(moduleAlias(imp.module));
        } else if (/^max\.pipelines\.architectures\.\w+\.arch$/.test(imp.module)) {
          const folder = imp.module.split('.')[3];
          expect(SOURCE_ARCHITECTURES.some((a) => a.folder === folder && a.variable === imp.name), where).toBe(true);
        } else if (Object.hasOwn(FRAMEWORK, `${imp.module}.${imp.name}`)) {
          expect(FRAMEWORK[`${imp.module}.${imp.name}`].found, where).toBe(true);
        } else {
          expect(configClassFacts(`${imp.module}.${imp.name}`), where).not.toBeNull();
        }
      }
    }
    // The names generated code uses on what it imports are MAX's too.
    const arch = files['arch.py'].replace!;
    for (const keyword of Object.keys(arch.keywords)) expect(FRAMEWORK['max.pipelines.lib.SupportedArchitecture'].fields, keyword).toContain(keyword);
    expect(FRAMEWORK['max.pipelines.modeling.types.PipelineTask'].members).toContain(String(arch.keywords.task).split('.').pop());
    for (const key of Object.keys(arch.adapters).filter((k) => k.startsWith('WeightsFormat.'))) expect(FRAMEWORK['max.graph.weights.WeightsFormat'].members).toContain(key.split('.')[1]);
  });

  test.each(rows)('%s: the port adds only fields its base lacks, and assigns none its base sets', (_name, c) => {
    const files = summaryOf(c);
    const cls = files['model_config.py'].classes[configClassName(c)];
    expect(cls.decorators).toContain('dataclass');
    const base = cls.bases[0];
    expect([c.donor.config.name, `_Max${c.donor.config.name}`]).toContain(base);
    const donorFields = c.donor.config.fields;
    for (const field of cls.fields) expect(donorFields.has(field), `${field} redeclared`).toBe(false);
    compared.fields += cls.fields.length + (files['model_config.py'].functions._add_fields?.assigns.length ?? 0);
    const assigned = files['model_config.py'].functions._add_fields?.assigns ?? [];
    const conversionTargets = new Set(CONVERSIONS.map((conv) => conv.field));
    for (const field of assigned) {
      if (conversionTargets.has(field)) continue;
      expect(cls.fields.includes(field) || (donorFields.has(field) && !c.donor.config.sets.has(field)), `${field} assigned`).toBe(true);
    }
  });

  test.each(rows)('%s: the port\'s config reaches every place the donor builds its config', (_name, c) => {
    const files = summaryOf(c);
    const name = configClassName(c);
    const model = Object.values(files['model.py'].classes).find((k) => k.bases.includes('_DonorModel'))!;
    const siblings = new Map(Object.entries(files['model_config.py'].classes).filter(([k]) => k !== name).map(([k, v]) => [k, v.bases[0]]));
    expect(files['arch.py'].replace!.keywords.config).toBe(name);
    for (const site of c.donor.sites) {
      const r = site.reach;
      const where = `${site.place.path}:${site.place.line}`;
      compared.sites++;
      if (r.how === 'arch-config') continue;
      if (r.how === 'attribute') {
        expect(model.attrs[r.attribute], where).toBe(name);
      } else if (r.how === 'scoped-global') {
        const method = model.methods[r.method];
        expect(method, `${where}: ${r.method} is wrapped`).toBeDefined();
        expect(method.decorators.includes('classmethod'), where).toBe(r.methodKind === 'classmethod');
        const swap = method.swaps.find((s) => s.module === moduleAlias(r.module) && s.name === r.name);
        expect(swap, `${where}: ${r.name} is swapped`).toBeDefined();
        if (r.builds === c.donor.config.name && r.buildsModule === c.donor.config.module) expect(swap!.standIn).toBe(name);
        else expect(siblings.get(swap!.standIn), `${where}: ${swap!.standIn} derives from ${r.builds}`).toBe(`_${r.builds}`);
      } else {
        expect(c.pkg.blockers.some((b) => b.id === 'config-reach' && b.source?.path === site.place.path && b.source.line === site.place.line), where).toBe(true);
      }
    }
    if (!c.reach) return;
    // On the stub built from the same facts: every config the donor's code builds is the port's, and the globals are back.
    const run = stub.get(c.reach);
    expect(run.stderr.trim().split('\n').slice(-1)[0] ?? '').not.toMatch(/Error/);
    expect(run.status).toBe(0);
    const standIns = new Set([name, ...siblings.keys()]);
    expect(run.result.built.length).toBeGreaterThan(0);
    for (const built of run.result.built) expect(standIns.has(built.class), `${built.where} built ${built.class}`).toBe(true);
    compared.built += run.result.built.length;
    for (const [key, now] of Object.entries(run.result.globals as Record<string, string>)) expect(now, key).toBe(key.split('.').pop());
  });

  test.each(rows)('%s: encodings are the donor\'s (a needed one it lacks is a blocker)', (_name, c) => {
    const arch = summaryOf(c)['arch.py'].replace!;
    const supported = arch.keywords.supported_encodings as string[];
    const declared = new Set(c.donor.arch.supportedEncodings);
    compared.encodings += supported.length;
    for (const encoding of supported) {
      if (declared.has(encoding)) continue;
      expect(encoding).toBe(arch.keywords.default_encoding);
      expect(c.pkg.blockers.map((b) => b.id)).toContain(`encoding:${encoding}`);
    }
  });

  test.each(rows)('%s: for every format the donor registers, the port\'s adapter calls the donor\'s', (_name, c) => {
    const files = summaryOf(c);
    const arch = files['arch.py'].replace!;
    const registered = Object.keys(arch.adapters).filter((k) => k.startsWith('WeightsFormat.')).map((k) => k.split('.')[1]).sort();
    expect(registered).toEqual([...c.donor.arch.weightFormats].sort());
    for (const format of registered) {
      const fn = arch.adapters[`WeightsFormat.${format}`].split('.')[1];
      expect(files['weight_adapters.py'].functions[fn].calls).toContainEqual({ donorAdapter: `WeightsFormat.${format}` });
      compared.adapters++;
    }
    expect(files['weight_adapters.py'].assigns.CHECKPOINT_RENAMES).toBe('subscript');
    if (!c.reach) return;
    const run = stub.get(c.reach);
    for (const format of registered) {
      expect(run.result.adapters[format].donor_calls, format).toEqual([SOURCE_ARCHITECTURES.find((a) => a.folder === c.donor.folder && a.name === c.donor.name)!.weightAdapters[format].function]);
    }
  });

  test.each(rows)('%s: every field the donor reads without a default is present, supplied, or a blocker', (_name, c) => {
    const files = summaryOf(c);
    const supplied = new Set(Object.keys((files['model_config.py'].assigns._SUPPLIED as Record<string, unknown> | null) ?? {}));
    const standIn = autoConfigStandIn(c.raw, analyzeConfig(c.raw));
    const multimodal = c.pkg.files.some((f) => f.path === 'model_config.py' && f.content.includes('_language_config('))
      || (typeof c.raw.text_config === 'object' && c.raw.text_config !== null && analyzeConfig(c.raw).features.includes('multimodal'));
    const text = (standIn.text_config ?? {}) as Record<string, unknown>;
    const blockers = new Set(c.pkg.blockers.map((b) => b.id));
    for (const read of c.donor.config.reads) {
      if (!read.required || !read.entries.some((e) => e === 'initialize' || e === 'initialize_from_config')) continue;
      let attr = read.attr;
      let scope: Record<string, unknown> = standIn;
      if (attr.startsWith('text_config.')) {
        if (!multimodal) continue; // the branch for configs with a text_config
        attr = attr.slice('text_config.'.length);
        scope = text;
      } else if (multimodal && c.donor.config.receivesLanguageConfig) {
        scope = text;
      }
      if (attr.includes('.') || attr.startsWith('_')) continue;
      // A multimodal config class builds its sub-configs whatever config.json holds.
      if (['text_config', 'vision_config', 'llm_config'].includes(attr) && analyzeConfig(c.raw).features.includes('multimodal')) continue;
      const ok = scope[attr] !== undefined || supplied.has(attr) || blockers.has(`config-field:${attr}`);
      compared.reads++;
      expect(ok, `${read.attr} (${read.path}:${read.line})`).toBe(true);
    }
  });

  test.each(rows)('%s: TODOs name only what the donor\'s code lacks, and donors whose code has it', (_name, c) => {
    for (const todo of c.pkg.todos) {
      if (!Object.hasOwn(FEATURE_RULES, todo.id)) continue;
      compared.todos++;
      const own = c.donor.features[todo.id];
      const lacks = !own || own.rejected || own.evidence.length === 0 || (own.aspects ?? []).some((a) => !a.evidence);
      expect(lacks, `${todo.id}: the ${c.donor.folder} donor shows it`).toBe(true);
      for (const other of todo.implementedIn) {
        const facts = resolveDonor(other.folder, other.name)!.features[todo.id];
        const evidence = [...(facts?.evidence ?? []), ...(facts?.aspects ?? [])];
        expect(evidence.some((e) => e.path === other.path && e.line === other.line), `${todo.id} in ${other.folder}`).toBe(true);
      }
    }
    // A native donor is MAX's own implementation of this architecture: no feature TODO at all.
    if (c.pkg.donor.match === 'native') expect(c.pkg.todos.filter((t) => Object.hasOwn(FEATURE_RULES, t.id))).toEqual([]);
  });
});

test('every check compared facts (none passed by comparing nothing)', () => {
  expect(compared.imports).toBeGreaterThan(cases.length * 8);
  expect(compared.fields).toBeGreaterThan(cases.length);
  expect(compared.sites).toBeGreaterThan(cases.length * 4);
  expect(compared.built).toBeGreaterThan(cases.length * 2);
  expect(compared.encodings).toBeGreaterThan(cases.length);
  expect(compared.adapters).toBeGreaterThanOrEqual(cases.length - 5);
  expect(compared.reads).toBeGreaterThan(cases.length * 5);
  expect(compared.todos).toBeGreaterThan(10);
});

describe('the knowledge base itself', () => {
  test('the registered names\' encodings in max-architectures.json (from the reference) are the ones arch.py declares', () => {
    for (const row of (archKb.architectures as Array<{ folder: string; names: string[]; registered: boolean; supportedEncodings: string[]; defaultEncoding: string }>)) {
      if (!row.registered) continue;
      for (const name of row.names) {
        const arch = SOURCE_ARCHITECTURES.find((a) => a.folder === row.folder && a.name === name);
        if (!arch) continue; // registered through dataclasses.replace of another entry (gemma4's unified name)
        expect([...row.supportedEncodings].sort(), `${row.folder}/${name}`).toEqual([...arch.supportedEncodings].sort());
        expect(row.defaultEncoding, `${row.folder}/${name}`).toBe(arch.defaultEncoding);
      }
    }
  });

  test('the weights step\'s donor rename conventions are the maps in MAX\'s weight_adapters.py', () => {
    const donors = (nameMapsKb as unknown as { donors: Record<string, { renames: Array<{ from: string; to: string }>; gguf?: Array<{ from: string; to: string }> }> }).donors;
    for (const [folder, donor] of Object.entries(donors)) {
      // The maps the folder's own adapters use, or the adapters its arch.py registers (qwen2 registers llama3's).
      const archs = SOURCE_ARCHITECTURES.filter((a) => a.folder === folder);
      const adapterMaps = archs.flatMap((a) => Object.values(a.weightAdapters).map((w) => w.function.split('.')[3]));
      const maps = [folder, ...adapterMaps].flatMap((f) => Object.values(renameMapsOf(f)).map((m) => m.entries.filter((e) => e.to !== null).map((e) => `${e.from}->${e.to}`)));
      for (const key of ['renames', 'gguf'] as const) {
        const list = donor[key];
        if (!list?.length) continue;
        // Every entry is in one of MAX's maps, entries of one map keep its order (a list may join a folder's maps).
        let last = { map: -1, at: -1 };
        for (const r of list) {
          const entry = `${r.from}->${r.to}`;
          const map = maps.findIndex((m) => m.includes(entry));
          expect(map, `${folder} ${key}: ${entry}`).toBeGreaterThanOrEqual(0);
          const at = maps[map].indexOf(entry);
          if (map === last.map) expect(at, `${folder} ${key}: ${entry} out of MAX's order`).toBeGreaterThan(last.at);
          last = { map, at };
        }
      }
    }
  });

  test('every text-generation donor resolves to one record, with its config class, pipeline model and sites', () => {
    expect(DONOR_ARCHITECTURES.length).toBeGreaterThan(55);
    for (const { folder, name } of DONOR_ARCHITECTURES) {
      const record = resolveDonor(folder, name);
      expect(record, `${folder}/${name}`).not.toBeNull();
      expect(record!.sites.some((s) => s.reach.how === 'arch-config')).toBe(true);
    }
  });
});
