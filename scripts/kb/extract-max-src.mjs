#!/usr/bin/env node
// Facts from MAX's real source, for the knowledge base (run by hand; the output is committed, and the
// app and the tests read only the committed JSON):
//   resources/kb/max/donors.json          every architecture's arch.py, config class chain, what its
//                                          initialize* reads, which pipeline-model methods build a config,
//                                          its weight adapters' steps, and the features its code shows
//   resources/kb/max/serve-strings.json    the serve path's failure and log strings, by category (the
//                                          serve failure signatures are checked against them)
// The logits thresholds and prompts are resources/kb/logits/, by scripts/kb/extract-logit-thresholds.mjs.
// Only facts are written (names, fields, defaults, reads, line numbers, message texts), never code.
// Python is parsed with python3's own ast module (scripts/kb/max_src_ast.py); nothing is imported or run.
//
// Usage: node scripts/kb/extract-max-src.mjs [path/to/max-src] [--commit SHA]
//   The default path is ../shared/reference/max-src relative to the repository (or its parent's, from a
//   worktree). The commit is read from max-src/README.md unless --commit is given.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const commitFlag = args.indexOf('--commit');
const commitArg = commitFlag >= 0 ? args.splice(commitFlag, 2)[1] : null;
const candidates = args[0] ? [resolve(args[0])] : [join(repo, '..', 'shared', 'reference', 'max-src'), join(repo, '..', '..', 'shared', 'reference', 'max-src')];
const root = candidates.find((dir) => existsSync(join(dir, 'max', 'python', 'max')));
if (!root) {
  console.error(`extract-max-src: no MAX source at ${candidates.join(' or ')} (give its path)`);
  process.exit(2);
}
const readme = existsSync(join(root, 'README.md')) ? readFileSync(join(root, 'README.md'), 'utf8') : '';
const commit = commitArg ?? /upstream\s+commit\s+`([0-9a-f]{40})`/.exec(readme)?.[1];
if (!commit || !/^[0-9a-f]{40}$/.test(commit)) {
  console.error('extract-max-src: cannot tell the MAX commit (pass --commit SHA)');
  process.exit(2);
}
const REPO = 'modular/modular';
const outDir = join(repo, 'resources', 'kb', 'max');
mkdirSync(outDir, { recursive: true });
const source = (extra = {}) => ({ repo: REPO, commit, generatedBy: 'scripts/kb/extract-max-src.mjs', ...extra });
/** JSON laid out down to `depth` levels, anything deeper on one line: small files whose diffs stay readable. */
function layout(value, depth, indent = '') {
  if (depth === 0 || value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = indent + ' ';
  if (Array.isArray(value)) return value.length ? `[\n${value.map((v) => inner + layout(v, depth - 1, inner)).join(',\n')}\n${indent}]` : '[]';
  const keys = Object.keys(value);
  return keys.length ? `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${layout(value[k], depth - 1, inner)}`).join(',\n')}\n${indent}}` : '{}';
}

/** Atomic write. */
function write(name, value, depth = 64) {
  const path = join(outDir, name);
  writeFileSync(path + '.tmp', layout(value, depth) + '\n');
  renameSync(path + '.tmp', path);
  console.log(`wrote ${path}`);
}
const python = (...extra) => JSON.parse(execFileSync('python3', [join(repo, 'scripts', 'kb', 'max_src_ast.py'), root, ...extra], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }));

// ---------------------------------------------------------------------------------- donors.json
const facts = python();
const rules = JSON.parse(readFileSync(join(repo, 'resources', 'kb', 'codegen', 'features.json'), 'utf8')).features;
const where = (o) => ({ path: o.path, line: o.line, ...(o.in ? { in: o.in } : {}) });

function docEvidence(doc) {
  const file = join(root, doc.path);
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  // The phrase may wrap across lines: match on the text with line breaks turned into spaces.
  const joined = lines.join(' ');
  const at = joined.indexOf(doc.phrase);
  if (at < 0) return null;
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    if (offset + lines[i].length >= at) return { evidence: `MAX's docs: "${doc.phrase}"`, path: doc.path, line: i + 1 };
    offset += lines[i].length + 1;
  }
  return null;
}

function featureEvidence(arch, cls, model, adapters) {
  const reads = cls ? Object.values(cls.entries).flatMap((e) => e.reads) : [];
  const compares = cls ? Object.values(cls.entries).flatMap((e) => e.compares) : [];
  const out = {};
  for (const [id, rule] of Object.entries(rules)) {
    const found = [];
    for (const name of rule.reads ?? []) {
      const hit = reads.find((r) => r.attr === name || r.attr.endsWith('.' + name));
      if (hit) found.push({ evidence: `reads ${hit.attr}`, ...where(hit) });
    }
    if (rule.ropeType) {
      const hit = compares.find((c) => /rope/i.test(c.subject) && c.strings.includes(rule.ropeType));
      if (hit) found.push({ evidence: `compares ${hit.subject.replace(/^hf:/, '')} with "${rule.ropeType}"`, ...where(hit) });
    }
    if (rule.modelAttribute && model?.attributes[rule.modelAttribute]) {
      const a = model.attributes[rule.modelAttribute];
      found.push({ evidence: `${a.class}.${rule.modelAttribute} (a class attribute the port sets)`, path: a.path, line: a.line });
    }
    for (const needle of rule.adapterRename ?? []) {
      for (const adapter of adapters) {
        const step = adapter.steps.find((s) => s.step === 'rename' && (s.entries ?? []).some((e) => String(e.from).includes(needle) || String(e.to ?? "").includes(needle)));
        if (step) found.push({ evidence: `${step.map} renames ${needle}`, path: step.mapPath, line: step.mapLine });
      }
    }
    if (rule.vision) {
      const hit = reads.find((r) => r.attr === 'vision_config' || r.attr.startsWith('vision_config.'));
      if (hit) found.push({ evidence: `reads ${hit.attr}`, ...where(hit) });
    }
    for (const doc of rule.doc ?? []) {
      if (doc.folder !== arch.folder) continue;
      const hit = docEvidence(doc);
      if (!hit) throw new Error(`features.json: ${id}: the phrase is no longer in ${doc.path}`);
      found.push(hit);
    }
    // A value the config refuses (`if <feature on>: raise`) is not implemented, whatever else reads it.
    const names = [...(rule.reads ?? [])];
    const refusals = cls ? Object.values(cls.entries).flatMap((e) => e.rejects) : [];
    const rejected = rule.ropeType
      // `if rope_type and rope_type != "yarn": raise`: every other rope type is refused.
      ? refusals.find((r) => r.subjects.some((x) => /rope/i.test(x)) && r.strings.length
        && (r.refuses === 'others' ? !r.strings.includes(rule.ropeType) : r.strings.includes(rule.ropeType)))
      : refusals.find((r) => r.subjects.some((x) => names.includes(x.split('.').pop())) && !r.strings.length);
    const aspects = (rule.aspects ?? []).map((aspect) => {
      const hit = aspect.reads.map((name) => reads.find((r) => r.attr === name)).find(Boolean);
      return { what: aspect.what, when: aspect.when, ...(hit ? { evidence: `reads ${hit.attr}`, ...where(hit) } : {}) };
    });
    const refusal = rejected ? { rejected: { message: rejected.message, path: rejected.path, line: rejected.line, in: rejected.in } } : {};
    if (found.length || aspects.length || rejected) out[id] = { evidence: rejected ? [] : dedupe(found), ...refusal, ...(aspects.length ? { aspects } : {}) };
  }
  return out;
}

const dedupe = (list) => [...new Map(list.map((e) => [`${e.path}:${e.line}:${e.evidence}`, e])).values()];

/** The union of what an entry list holds, each item once, with the entries it came from. */
function union(entries, pick, key) {
  const seen = new Map();
  for (const [name, entry] of Object.entries(entries)) {
    for (const item of pick(entry)) {
      const k = key(item);
      const had = seen.get(k);
      if (had) {
        if (!had.entries.includes(name)) had.entries.push(name);
        if (item.required) had.required = true;
      } else seen.set(k, { ...item, entries: [name] });
    }
  }
  return [...seen.values()].sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
}

function configRecord(cls) {
  const entries = Object.fromEntries(Object.entries(cls.entries).map(([name, entry]) => [name, {
    definedIn: entry.definedIn, path: entry.path, line: entry.line, kind: entry.kind, params: entry.params, hfParam: entry.hfParam,
    dispatches: entry.dispatches,
    // How initialize hands the HF config on to initialize_from_config: the top-level config ('') or a sub-config ('text_config.').
    ...(name === 'initialize' ? { passes: [...new Set(entry.dispatched.filter((d) => d.method === 'initialize_from_config').flatMap((d) => d.scopes))].sort() } : {}),
  }]));
  const set = Object.values(cls.setByInitialize);
  return {
    name: cls.name, module: cls.module, path: cls.path, line: cls.line, dataclass: cls.dataclass,
    mro: cls.mro, chain: cls.chain,
    fields: cls.fields.map((f) => ({ name: f.name, hasDefault: f.hasDefault, class: f.class, line: f.line })),
    entries,
    reads: union(cls.entries, (e) => e.reads.filter((r) => r.mode !== 'probe').map((r) => ({ attr: r.attr, mode: r.mode, required: r.required, ...(r.default !== undefined ? { default: r.default } : {}), path: r.path, line: r.line, in: r.in })),
      (r) => `${r.attr}|${r.mode}|${r.path}|${r.line}`),
    opaqueCalls: union(cls.entries, (e) => e.opaqueCalls.map((c) => ({ call: c.call, path: c.path, line: c.line, in: c.in })), (c) => `${c.path}|${c.line}|${c.call}`),
    ropeCompares: union(cls.entries, (e) => e.compares.filter((c) => /rope/i.test(c.subject)).map((c) => ({ subject: c.subject.replace(/^hf:/, ''), strings: c.strings, path: c.path, line: c.line, in: c.in })),
      (c) => `${c.path}|${c.line}|${c.subject}`),
    assigned: union(cls.entries, (e) => e.assigned.map((a) => ({ field: a.field, path: a.path, line: a.line, in: a.in })), (a) => `${a.path}|${a.line}|${a.field}`),
    rejects: union(cls.entries, (e) => e.rejects.map((r) => ({ subjects: r.subjects.map((x) => x.replace(/^hf:/, '')), strings: r.strings, refuses: r.refuses, message: r.message, path: r.path, line: r.line, in: r.in })), (r) => `${r.path}|${r.line}`),
    setByInitialize: set.length ? { path: set[0].path, in: set[0].in, fields: Object.fromEntries(Object.entries(cls.setByInitialize).map(([k, v]) => [k, v.line])) } : null,
  };
}

function modelRecord(model) {
  const siteMethods = new Set(model.constructs.map((s) => s.method));
  return {
    name: model.name, module: model.module, path: model.path, line: model.line, mro: model.mro, chain: model.chain,
    attributes: model.attributes,
    // Only the methods that build or consult a config: the ones a generated model may wrap.
    methods: Object.fromEntries(Object.entries(model.methods).filter(([name]) => siteMethods.has(name))),
    constructs: model.constructs,
    loadStrict: model.loadStrict,
    // Attributes the pipeline model itself reads from the HF config, without a default and unconditionally.
    hfReads: model.hfReads.filter((r) => r.required).map((r) => ({ attr: r.attr, path: r.path, line: r.line, in: r.in })),
  };
}

const architectures = facts.architectures
  .filter((a) => a.name || a.replaceOf)
  .map((a) => {
    if (!a.name) {
      // dataclasses.replace(<other arch>, ...): its own row would repeat the other's; record what it overrides.
      return { folder: a.folder, variable: a.variable, replaceOf: a.replaceOf, overrides: a.keywords, path: a.path, line: a.line };
    }
    const cls = facts.configClasses[a.config];
    const model = facts.pipelineModels[a.pipeline_model];
    const adapters = Object.values(a.weight_adapters).map((w) => facts.adapters[w.function]).filter((x) => x && x.steps);
    return {
      folder: a.folder, name: a.name, variable: a.variable, path: a.path, line: a.line,
      task: a.task, defaultEncoding: a.default_encoding, supportedEncodings: a.supported_encodings, encodingsLine: a.supported_encodings_line,
      defaultWeightsFormat: a.default_weights_format ?? null, multiGpu: a.multi_gpu_supported ?? false, ropeType: a.rope_type ?? null,
      requiredArguments: a.required_arguments ?? null,
      pipelineModel: a.pipeline_model, pipelineModelLine: a.pipeline_model_line,
      config: a.config, configLine: a.config_line,
      weightAdapters: Object.fromEntries(Object.entries(a.weight_adapters).map(([fmt, w]) => [fmt, { function: w.function, line: w.line }])),
      features: featureEvidence(a, cls, model, adapters),
    };
  });

const used = (kind) => new Set(architectures.flatMap((a) => (kind === 'config' ? [a.config] : kind === 'model' ? [a.pipelineModel] : Object.values(a.weightAdapters ?? {}).map((w) => w.function))).filter(Boolean));
const configFqs = new Set([...used('config'), ...Object.values(facts.pipelineModels).flatMap((m) => m.constructs.filter((s) => s.via === 'name').map((s) => `${s.targetModule}.${s.target}`))]);
write('donors.json', {
  _source: source({
    path: 'max/python/max/pipelines/architectures/',
    read: 'every SupportedArchitecture(...) in architectures/*/arch.py, the classes it names (followed through their bases in max-src), and what their methods do with the Hugging Face config, by python3 ast (scripts/kb/max_src_ast.py)',
    fields: {
      architectures: 'one row per SupportedArchitecture: arch.py facts, the pipeline model and config class it registers (fully qualified), its weight adapters per format, and features: evidence that its code implements an analysis feature (resources/kb/codegen/features.json rules)',
      configClasses: 'per class: MRO, dataclass fields (hasDefault), entries (initialize, initialize_from_config, construct_kv_params, calculate_max_seq_len, finalize, __post_init__) with every HF attribute they read, following calls: mode direct (AttributeError when absent), default (getattr with a default), probe (hasattr / in); required = direct and not under a condition',
      pipelineModels: 'per class: MRO, class attributes, methods, constructs: every place a method that runs builds or consults a config class, via a class attribute (model_config_cls, config_class) or by name (a module global of the method\'s module)',
      adapters: 'per function: its steps (rename maps with entries, casts, drops, calls), with lines',
      registrySites: 'where MAX\'s pipeline code builds SupportedArchitecture.config',
      activationMaps: 'module-level activation-name maps',
      framework: 'what generated packages import from outside the architectures (WeightsFormat, PipelineTask, SupportedArchitecture): where each resolves, its dataclass fields and class attributes (enum members)',
      renameMaps: 'per architecture folder: every module-level rename map (checkpoint substring -> MAX name, applied in order with str.replace) of its weight_adapters.py, registered or called from its model',
    },
  }),
  architectures,
  configClasses: Object.fromEntries([...configFqs].filter((fq) => facts.configClasses[fq]).sort().map((fq) => [fq, configRecord(facts.configClasses[fq])])),
  pipelineModels: Object.fromEntries([...used('model')].filter((fq) => facts.pipelineModels[fq]).sort().map((fq) => [fq, modelRecord(facts.pipelineModels[fq])])),
  adapters: Object.fromEntries([...used('adapter')].filter((fq) => facts.adapters[fq]).sort().map((fq) => [fq, facts.adapters[fq]])),
  registrySites: facts.registrySites,
  activationMaps: facts.activationMaps,
  renameMaps: facts.renameMaps,
  framework: facts.framework,
}, 4);

// -------------------------------------------------------------------------- serve-strings.json
const SERVE_FILES = [
  'max/python/max/serve/api_server.py',
  'max/python/max/serve/router/openai_routes.py',
  'max/python/max/_entrypoints/cli/serve/serve_api_and_model_worker.py',
  'max/python/max/_entrypoints/pipelines.py',
  'max/python/max/pipelines/lib/registry.py',
  'max/python/max/pipelines/lib/memory_estimation.py',
  'max/python/max/pipelines/lib/config/config.py',
  'max/python/max/pipelines/lib/config/model_config.py',
  'max/python/max/pipelines/lib/utils.py',
  'max/python/max/pipelines/lib/interfaces/arch_config.py',
  'max/python/max/pipelines/modeling/config_enums.py',
  'max/python/max/graph/weights/load_safetensors.py',
  'max/python/max/graph/weights/format.py',
];
// Category -> how its messages read. Facts for the serve step's failure matching (DESIGN.md, Running things).
const CATEGORIES = [
  ['ready-banner', /Server ready on/],
  ['port-in-use', /already in use/i],
  ['registry', /registry|No (supported )?architecture|Refusing to override|Overriding existing|custom model|ARCHITECTURES|Custom module spec|architecture/i],
  ['memory-estimation', /memory|KV cache|exceeds available|estimat/i],
  ['max-length', /max_length|max_seq_len|max_position_embeddings/i],
  ['quantization-config', /quantization[_ ]config|quant_method|GPTQ|\bfp8\b|float8/i],
  ['encoding', /encoding|dtype|cast/i],
  ['worker-crash', /worker.*(crash|died|exit)|crash/i],
];
const found = python('--messages', ...SERVE_FILES);
const serveStrings = {};
for (const [category] of CATEGORIES) serveStrings[category] = [];
for (const message of found) {
  const category = CATEGORIES.find(([, pattern]) => pattern.test(message.text))?.[0];
  if (category) serveStrings[category].push({ text: message.text, kind: message.kind, path: message.path, line: message.line, in: message.in });
}
const missing = Object.entries(serveStrings).filter(([, list]) => !list.length).map(([category]) => category);
write('serve-strings.json', {
  _source: source({
    files: SERVE_FILES,
    note: 'raised and logged messages of the serve path, as text: an f-string part is written {name} ({...} when it is not a plain name). A category with no entry has no message in the files read (max-src is a slice of the repository): match it from max-facts.md instead.',
  }),
  missing,
  categories: serveStrings,
});
