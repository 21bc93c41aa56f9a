/**
 * The donor, resolved once into one typed record from the facts extracted from MAX's source
 * (resources/kb/max/donors.json): its arch.py registration, the config class chain with its fields
 * and what its initialize* reads, every place its pipeline model builds a config and how a generated
 * config reaches each, its weight adapters per format, and the features its code shows. Planning,
 * the TODOs, PORTING.md and the Build-layers facts all read this record; nothing else asks MAX's
 * facts about the donor.
 */
import {
  ACTIVATION_MAPS, MAX_SOURCE, REGISTRY_SITES, SOURCE_ARCHITECTURES, adapterFacts, configClassFacts, pipelineModelFacts,
  type SourceAdapter, type SourceArchitecture, type SourceConfigClass, type SourceConstructSite, type SourceEntry, type SourceFeature,
  type SourcePipelineModel, type SourcePlace, type SourceRead,
} from './maxSource';

export type WeightFormat = 'safetensors' | 'gguf';

/** How a generated config class reaches one place where the donor builds or consults a config. */
export type Reach =
  /** SupportedArchitecture.config: the generated arch.py registers the generated config. */
  | { how: 'arch-config' }
  /** The site reads a class attribute of the pipeline model (model_config_cls, config_class): the generated model sets it. */
  | { how: 'attribute'; attribute: string }
  /** The site names a config class that is a module global of its module: the generated model's override of `method`
   * makes that global the generated class for the duration of the call. `builds` is the class named there; when it is
   * not the donor's config class, the generated config declares a sibling class on `builds` with the same additions. */
  | { how: 'scoped-global'; module: string; name: string; method: string; methodKind: SourceEntry['kind']; builds: string; buildsModule: string }
  | { how: 'blocked'; reason: string };

export interface ConfigSite {
  /** The method (or registry call) that builds or consults a config, and where. */
  place: SourcePlace & { method: string; class: string | null; module: string };
  calls: string;
  /** What it passes as the HF config: 'top', 'sub:text_config', 'local:<name>', 'pipeline_config'. */
  hfArgument: string;
  reach: Reach;
}

export interface DonorConfig {
  name: string;
  module: string;
  path: string;
  line: number;
  dataclass: boolean;
  chain: SourceConfigClass['chain'];
  /** Dataclass fields of the whole chain, by name. */
  fields: Map<string, { hasDefault: boolean; class: string; line: number }>;
  /** The construction entry a generated subclass overrides: initialize_from_config when the chain has one. */
  entry: 'initialize_from_config' | 'initialize';
  entries: Record<string, SourceEntry>;
  /** initialize reaches a subclass's initialize_from_config (it dispatches through cls.). */
  initializeDispatches: boolean;
  /** initialize_from_config receives the language model's config (text_config when there is one), not the top level. */
  receivesLanguageConfig: boolean;
  reads: SourceRead[];
  /** Fields the donor sets itself: keywords of the cls(...) it returns, and fields assigned in finalize and friends. */
  sets: Set<string>;
  rejects: SourceConfigClass['rejects'];
  ropeCompares: SourceConfigClass['ropeCompares'];
  opaqueCalls: SourceConfigClass['opaqueCalls'];
}

export interface DonorAdapter {
  format: WeightFormat;
  function: string;
  module: string;
  place: SourcePlace;
  /** The arch.py line registering it. */
  registeredLine: number;
  acceptsKwargs: boolean;
  renameMaps: Array<{ map: string; path: string; line: number; entries: Array<{ from: string; to: string | null }> }>;
  /** What else it does, for the comment beside the call: casts, the --cast conversion, drops. */
  does: Array<{ what: string; path: string; line: number }>;
}

export interface DonorRecord {
  folder: string;
  name: string;
  task: string;
  source: { repo: string; commit: string };
  arch: {
    variable: string;
    module: string;
    path: string;
    line: number;
    defaultEncoding: string;
    supportedEncodings: string[];
    encodingsLine: number;
    defaultWeightsFormat: string | null;
    weightFormats: WeightFormat[];
    ropeType: string | null;
  };
  config: DonorConfig;
  model: { name: string; module: string; path: string; line: number; attributes: SourcePipelineModel['attributes']; methods: SourcePipelineModel['methods']; hfReads: SourcePipelineModel['hfReads']; loadStrict: SourcePipelineModel['loadStrict'] };
  /** Every place a config is built or consulted, each with how the generated config reaches it. */
  sites: ConfigSite[];
  adapters: Partial<Record<WeightFormat, DonorAdapter>>;
  features: Record<string, SourceFeature>;
  activation: { reads: SourceRead[]; map: { name: string; path: string; line: number; entries: Map<string, string> } | null; rejects: SourceConfigClass['rejects'] };
}

const ACTIVATION_FIELDS = ['hidden_act', 'hidden_activation', 'activation_function'];
const cache = new Map<string, DonorRecord | null>();

/** The text-generation architectures MAX registers whose classes the source read here has, as (folder, name). */
export const DONOR_ARCHITECTURES: Array<{ folder: string; name: string }> = SOURCE_ARCHITECTURES
  .filter((a) => a.task === 'text_generation' && configClassFacts(a.config) && pipelineModelFacts(a.pipelineModel))
  .map(({ folder, name }) => ({ folder, name }));

/** The record for a text-generation folder (and registered name, when the folder registers several), or null. */
export function resolveDonor(folder: string, name?: string | null): DonorRecord | null {
  const key = `${folder}/${name ?? ''}`;
  if (!cache.has(key)) {
    const inFolder = SOURCE_ARCHITECTURES.filter((a) => a.folder === folder && a.task === 'text_generation' && configClassFacts(a.config) && pipelineModelFacts(a.pipelineModel));
    const arch = inFolder.find((a) => a.name === name) ?? inFolder[0];
    cache.set(key, arch ? buildRecord(arch) : null);
  }
  return cache.get(key)!;
}

function buildRecord(arch: SourceArchitecture): DonorRecord | null {
  const configFacts = configClassFacts(arch.config);
  const modelFacts = pipelineModelFacts(arch.pipelineModel);
  if (!configFacts || !modelFacts) return null;
  const config = donorConfig(configFacts);
  return {
    folder: arch.folder,
    name: arch.name,
    task: arch.task,
    source: { repo: MAX_SOURCE.repo, commit: MAX_SOURCE.commit },
    arch: {
      variable: arch.variable,
      module: `max.pipelines.architectures.${arch.folder}.arch`,
      path: arch.path,
      line: arch.line,
      defaultEncoding: arch.defaultEncoding,
      supportedEncodings: arch.supportedEncodings,
      encodingsLine: arch.encodingsLine,
      defaultWeightsFormat: arch.defaultWeightsFormat,
      weightFormats: Object.keys(arch.weightAdapters).filter((f): f is WeightFormat => f === 'safetensors' || f === 'gguf'),
      ropeType: arch.ropeType,
    },
    config,
    model: { name: modelFacts.name, module: modelFacts.module, path: modelFacts.path, line: modelFacts.line, attributes: modelFacts.attributes, methods: modelFacts.methods, hfReads: modelFacts.hfReads, loadStrict: modelFacts.loadStrict },
    sites: configSites(arch, configFacts, modelFacts),
    adapters: Object.fromEntries(Object.entries(arch.weightAdapters).flatMap(([format, w]) => {
      const facts = adapterFacts(w.function);
      return facts && (format === 'safetensors' || format === 'gguf') ? [[format, donorAdapter(format, facts, w.line)]] : [];
    })),
    features: arch.features,
    activation: activationOf(configFacts, config),
  };
}

function donorConfig(c: SourceConfigClass): DonorConfig {
  const hasFrom = Object.hasOwn(c.entries, 'initialize_from_config');
  const initialize = c.entries.initialize;
  const sets = new Set<string>([...Object.keys(c.setByInitialize?.fields ?? {}), ...c.assigned.map((a) => a.field)]);
  return {
    name: c.name,
    module: c.module,
    path: c.path,
    line: c.line,
    dataclass: c.dataclass,
    chain: c.chain,
    fields: new Map(c.fields.map((f) => [f.name, { hasDefault: f.hasDefault, class: f.class, line: f.line }])),
    entry: hasFrom ? 'initialize_from_config' : 'initialize',
    entries: c.entries,
    initializeDispatches: !!initialize?.dispatches?.includes('initialize_from_config'),
    receivesLanguageConfig: !!initialize?.passes?.some((scope) => scope !== ''),
    reads: c.reads,
    sets,
    rejects: c.rejects,
    ropeCompares: c.ropeCompares,
    opaqueCalls: c.opaqueCalls,
  };
}

/**
 * Where the donor builds or consults its config, and how the generated config reaches each place.
 * A class attribute is set; a class the method names as a module global is swapped for the call.
 */
function configSites(arch: SourceArchitecture, config: SourceConfigClass, model: SourcePipelineModel): ConfigSite[] {
  const registry: ConfigSite[] = REGISTRY_SITES.filter((s) => s.on.endsWith('arch.config')).map((s) => ({
    place: { path: s.path, line: s.line, method: 'SupportedArchitecture.config', class: null, module: 'max.pipelines.lib.registry' },
    calls: s.calls,
    hfArgument: 'pipeline_config',
    reach: { how: 'arch-config' },
  }));
  const seen = new Set<string>();
  const sites = model.constructs.flatMap((site): ConfigSite[] => {
    const key = `${site.path}:${site.line}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{
      place: { path: site.path, line: site.line, in: `${site.class ?? ''}.${site.method}`, method: site.method, class: site.class, module: site.module },
      calls: site.calls,
      hfArgument: site.hfArgument,
      reach: reachOf(site, config, model),
    }];
  });
  return [...registry.slice(0, 1), ...sites];
}

function reachOf(site: SourceConstructSite, config: SourceConfigClass, model: SourcePipelineModel): Reach {
  if (site.via === 'attribute' && site.attribute) {
    const attr = model.attributes[site.attribute];
    if (!attr && site.attribute !== 'model_config_cls' && site.attribute !== 'config_class') {
      return { how: 'blocked', reason: `${site.class}.${site.method} reads ${site.attribute}, which ${model.name} does not declare` };
    }
    return { how: 'attribute', attribute: site.attribute };
  }
  if (site.via === 'name' && site.name && site.target && site.targetModule) {
    const effectiveKind = model.methods[site.method]?.kind ?? site.methodKind;
    if (effectiveKind === 'staticmethod' || effectiveKind === 'property') {
      return { how: 'blocked', reason: `${site.class}.${site.method} is a ${effectiveKind}, which a subclass cannot wrap around its base's` };
    }
    const built = configClassFacts(`${site.targetModule}.${site.target}`);
    if (built && !built.dataclass) return { how: 'blocked', reason: `${site.target} is not a dataclass: the generated fields cannot be added to it` };
    return { how: 'scoped-global', module: site.module, name: site.name, method: site.method, methodKind: effectiveKind, builds: site.target, buildsModule: site.targetModule };
  }
  return { how: 'blocked', reason: `${site.class}.${site.method} builds a config through an expression this reader cannot follow` };
}

function donorAdapter(format: WeightFormat, facts: SourceAdapter, registeredLine: number): DonorAdapter {
  const does: DonorAdapter['does'] = [];
  const step = (what: string) => (s: { path: string; line: number }) => does.push({ what, path: s.path, line: s.line });
  for (const s of facts.steps) {
    if (s.step === 'cast') step('casts tensors')(s);
    else if (s.step === 'cast-flag' && s.flag === '_applied_dtype_cast_from') step('applies the --cast dtype conversion')(s);
    else if (s.step === 'drop' || s.step === 'skip') step(s.keys?.length ? `drops ${s.keys.join(', ')}` : 'drops tensors')(s);
  }
  // The first place each thing happens (the steps are in line order).
  const unique = does.filter((d, i) => does.findIndex((e) => e.what === d.what && e.path === d.path) === i);
  return {
    format,
    function: facts.function,
    module: facts.module,
    place: { path: facts.path, line: facts.line, in: facts.function },
    registeredLine,
    acceptsKwargs: facts.acceptsKwargs,
    renameMaps: facts.steps.filter((s) => s.step === 'rename' && s.entries).map((s) => ({ map: s.map!, path: s.mapPath!, line: s.mapLine!, entries: s.entries! })),
    does: unique,
  };
}

function activationOf(c: SourceConfigClass, config: DonorConfig): DonorRecord['activation'] {
  const reads = c.reads.filter((r) => ACTIVATION_FIELDS.includes(r.attr.split('.').pop()!));
  const modules = new Set(config.chain.map((link) => link.module));
  const map = Object.values(ACTIVATION_MAPS).find((m) => modules.has(m.module));
  return {
    reads,
    map: map ? { name: map.name, path: map.path, line: map.line, entries: new Map(map.entries.map((e) => [e.from, e.to])) } : null,
    rejects: c.rejects.filter((r) => r.subjects.some((s) => ACTIVATION_FIELDS.includes(s.split('.').pop()!))),
  };
}
