/**
 * Typed access to the facts extracted from MAX's real source (resources/kb/max/donors.json, written
 * by scripts/kb/extract-max-src.mjs from modular/modular at the commit in its _source). Nothing here
 * interprets the facts: shared/codegen/donor.ts resolves them into one record per donor.
 */
import donorsKb from '../../resources/kb/max/donors.json';

export const MAX_SOURCE = donorsKb._source as { repo: string; commit: string; path: string };

/** A place in MAX's source: repository path, 1-based line, and the function or class it is in. */
export interface SourcePlace { path: string; line: number; in?: string }

export type Literal = { literal: unknown } | { computed: true } | { factory: string } | { hf: string | null };

export interface SourceRead extends SourcePlace {
  /** The HF config attribute read, dotted from the top-level config ('hidden_size', 'text_config.hidden_size', 'rope_scaling.factor'). */
  attr: string;
  /** direct: AttributeError when absent; default: getattr(..., default) or dict .get. */
  mode: 'direct' | 'default';
  /** direct and not under any condition on the path from the entry point. */
  required: boolean;
  default?: Literal;
  /** The entry points (initialize, initialize_from_config, construct_kv_params, ...) whose path reads it. */
  entries: string[];
}

export interface SourceEntry extends SourcePlace {
  definedIn: string | null;
  kind: 'classmethod' | 'staticmethod' | 'method' | 'function' | 'property';
  params: string[];
  hfParam: string | null;
  /** What the entry calls through `cls.` (initialize -> initialize_from_config). */
  dispatches?: string[];
  /** initialize only: the scopes of the HF config it hands to initialize_from_config ('' top level, 'text_config.'). */
  passes?: string[];
}

export interface SourceConfigClass {
  name: string;
  module: string;
  path: string;
  line: number;
  dataclass: boolean;
  mro: string[];
  chain: Array<{ name: string; module: string; path: string; line: number; dataclass: boolean }>;
  fields: Array<{ name: string; hasDefault: boolean; class: string; line: number }>;
  entries: Record<string, SourceEntry>;
  reads: SourceRead[];
  opaqueCalls: Array<SourcePlace & { call: string }>;
  ropeCompares: Array<SourcePlace & { subject: string; strings: string[] }>;
  assigned: Array<SourcePlace & { field: string }>;
  rejects: Array<SourcePlace & { subjects: string[]; strings: string[]; refuses: 'listed' | 'others'; message: string }>;
  setByInitialize: { path: string; in: string; fields: Record<string, number> } | null;
}

export interface SourceConstructSite extends SourcePlace {
  method: string;
  class: string | null;
  module: string;
  calls: 'initialize' | 'initialize_from_config' | 'construct_kv_params' | 'calculate_max_seq_len';
  methodKind: SourceEntry['kind'];
  via: 'attribute' | 'name' | 'other';
  attribute?: string;
  name?: string;
  target?: string;
  targetModule?: string;
  hfArgument: string;
}

export interface SourcePipelineModel {
  name: string;
  module: string;
  path: string;
  line: number;
  mro: string[];
  chain: Array<{ name: string; module: string; path: string; line: number }>;
  attributes: Record<string, { value: Literal | { ref: string } | null; line: number; class: string; path: string }>;
  methods: Record<string, { definedIn: string; path: string; line: number; kind: SourceEntry['kind']; params: string[] }>;
  constructs: SourceConstructSite[];
  loadStrict: Array<SourcePlace & { strict: boolean | 'computed' }>;
  hfReads: Array<SourcePlace & { attr: string }>;
}

export interface SourceAdapterStep extends SourcePlace {
  step: 'rename' | 'cast' | 'cast-flag' | 'drop' | 'skip' | 'match' | 'call' | 'reads';
  map?: string;
  mapPath?: string;
  mapLine?: number;
  entries?: Array<{ from: string; to: string | null }> | null;
  flag?: string;
  function?: string;
  keys?: string[];
  attr?: string;
}

export interface SourceAdapter {
  function: string;
  module: string;
  path: string;
  line: number;
  params: string[];
  acceptsKwargs: boolean;
  steps: SourceAdapterStep[];
}

export interface FeatureEvidence { evidence: string; path: string; line: number; in?: string }

export interface SourceFeature {
  evidence: FeatureEvidence[];
  rejected?: { message: string; path: string; line: number; in: string };
  aspects?: Array<{ what: string; when: string[]; evidence?: string; path?: string; line?: number; in?: string }>;
}

export interface SourceArchitecture {
  folder: string;
  name: string;
  variable: string;
  path: string;
  line: number;
  task: string;
  defaultEncoding: string;
  supportedEncodings: string[];
  encodingsLine: number;
  defaultWeightsFormat: string | null;
  multiGpu: boolean;
  ropeType: string | null;
  requiredArguments: Record<string, unknown> | null;
  pipelineModel: string;
  pipelineModelLine: number;
  config: string;
  configLine: number;
  weightAdapters: Record<string, { function: string; line: number }>;
  features: Record<string, SourceFeature>;
}

interface DonorsFile {
  architectures: Array<SourceArchitecture | { folder: string; replaceOf: string }>;
  configClasses: Record<string, SourceConfigClass>;
  pipelineModels: Record<string, SourcePipelineModel>;
  adapters: Record<string, SourceAdapter>;
  registrySites: Array<{ calls: string; on: string; path: string; line: number }>;
  activationMaps: Record<string, { name: string; module: string; path: string; line: number; entries: Array<{ from: string; to: string }> }>;
  renameMaps: Record<string, Record<string, { path: string; line: number; entries: Array<{ from: string; to: string | null }> }>>;
}

const KB = donorsKb as unknown as DonorsFile;

export const SOURCE_ARCHITECTURES: SourceArchitecture[] = KB.architectures.filter((a): a is SourceArchitecture => 'name' in a);
export const configClassFacts = (fq: string): SourceConfigClass | null => (Object.hasOwn(KB.configClasses, fq) ? KB.configClasses[fq] : null);
export const pipelineModelFacts = (fq: string): SourcePipelineModel | null => (Object.hasOwn(KB.pipelineModels, fq) ? KB.pipelineModels[fq] : null);
export const adapterFacts = (fq: string): SourceAdapter | null => (Object.hasOwn(KB.adapters, fq) ? KB.adapters[fq] : null);
export const REGISTRY_SITES = KB.registrySites;
export const ACTIVATION_MAPS = KB.activationMaps;
export const renameMapsOf = (folder: string) => (Object.hasOwn(KB.renameMaps, folder) ? KB.renameMaps[folder] : {});
