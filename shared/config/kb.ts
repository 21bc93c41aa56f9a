/**
 * Typed access to the knowledge base in resources/kb/ (data with provenance). Code reads the data;
 * a new model type, donor rule or field note is a data change, not a branch here.
 */
import activationsJson from '../../resources/kb/activations.json';
import codeStructureJson from '../../resources/kb/code-structure.json';
import donorJson from '../../resources/kb/donor-families.json';
import featuresJson from '../../resources/kb/features.json';
import fieldNotesJson from '../../resources/kb/field-notes.json';
import maxArchJson from '../../resources/kb/max-architectures.json';
import donorGraphsJson from '../../resources/kb/donor-graphs.json';
import modelTypesJson from '../../resources/kb/model-types.json';
import pitfallsJson from '../../resources/kb/pitfalls.json';
import quantJson from '../../resources/kb/quantization.json';
import ropeJson from '../../resources/kb/rope-types.json';
import textConfigsJson from '../../resources/kb/text-configs.json';
import type { FieldCategory, JsonValue } from './types';

export interface KbSource { repo?: string; commit?: string; path?: string; reference?: string; symbol?: string; symbols?: string }

export interface ModelTypeKb {
  modelType: string;
  class: string;
  source: KbSource;
  /** transformers' attribute_map: {alias: stored attribute}; either name reads the same value. */
  attributeMap: Record<string, string>;
  defaults: Record<string, JsonValue>;
  /** Field -> field it takes when null (after defaults). */
  nullFallback: Record<string, string>;
  defaultTheta: number | { global: number; local: number } | null;
  activationField: string | null;
  defaultRope: Record<string, JsonValue> | null;
  textConfig: {
    modelType: string | null; defaultModelType?: string | null; class: string | null; defaults: Record<string, JsonValue>; flat: boolean;
    nullFallback?: Record<string, string>; slidingWindowGate?: string; activationField?: string | null;
  } | null;
  /** An older transformers read the activation from another field (gemma v1). */
  activationBefore?: { versions: string; field: string; fallback: string };
  hasVisionConfig: boolean;
  remoteCode?: boolean;
  headDim?: 'qk_rope_head_dim' | 'hidden_div_heads';
  slidingWindowGate?: string;
  legacyKeys?: Record<string, string>;
  mlp?: 'gated' | 'plain';
  positions?: 'rope' | 'alibi' | 'learned' | 'relative';
  notes: string;
}

export interface MaxArchitecture {
  folder: string;
  names: string[];
  registered: boolean;
  task: string | null;
  defaultEncoding: string | null;
  supportedEncodings: string[];
  weightFormats: string[];
  multimodal: boolean;
  configClass: string | null;
  configBase: string | null;
  source: KbSource;
}

export type SignalKind = 'truthy' | 'positive' | 'notEqual' | 'compare' | 'modelType' | 'layerTypes';
export interface FeatureSignal {
  kind: SignalKind;
  field?: string;
  scope?: 'top';
  op?: '<' | '>' | '=' | '<=' | '>=';
  value?: JsonValue;
  otherField?: string;
  modelTypes?: string[];
}
export interface FeatureRule { id: string; category: string; description: string; when: FeatureSignal[][]; codeSources?: Record<string, string> }

export interface DonorRule {
  id: string;
  features?: string[];
  modelTypePrefixes?: string[];
  default?: boolean;
  folder: string | null;
  name: string | null;
  alternatives?: string[];
  why: string;
  source?: KbSource;
}

export interface Pitfall { severity: 'error' | 'warning' | 'info'; scope: string; message: string; source: KbSource }

/** How a method stores its quantized weights (quantization.json `_weightsDoc`). */
export interface QuantWeightsKb {
  dtype?: string;
  dtypeFrom?: { path: string; map: Record<string, string>; when?: string };
  dtypeIf?: Record<string, string>;
  bitsFrom?: { path: string; typePath?: string; template: string };
  scheme?: { if?: string; text: string }[];
  source?: KbSource;
}

export interface QuantMethod { feature: string; encoding: string | null; requiresDtype?: string; note: string; source?: KbSource; weights?: QuantWeightsKb }

export interface RopeTypeKb { required: string[]; optional: string[]; originalMaxDefaultsToMaxPositions: boolean; versionDifferences: string | null }

export interface ActivationKb { class: string; fn: string; family: string; maxName: string | null }

export const modelTypes = (modelTypesJson as unknown as { modelTypes: Record<string, ModelTypeKb> }).modelTypes;
export const modelTypesCommon = (modelTypesJson as unknown as { common: { baseFields: string[]; postInitKwargs: string[]; textConfigKeys: string[]; layerTypes: string[] } }).common;
export const maxArchitectures = (maxArchJson as unknown as { architectures: MaxArchitecture[] }).architectures;
export const featureRules = (featuresJson as unknown as { features: FeatureRule[] }).features;
export const donorRules = (donorJson as unknown as { rules: DonorRule[] }).rules;
export const pitfalls = (pitfallsJson as unknown as { pitfalls: Record<string, Pitfall> }).pitfalls;
export const pitfallsSource = (pitfallsJson as unknown as { _source: KbSource })._source;
export const quantization = quantJson as unknown as {
  maxAcceptedMethods: string[];
  methods: Record<string, QuantMethod>;
  quantizeConfigJson: { file: string; method: string; note: string };
  encodings: Record<string, { graphDtype: string; kvCacheDtype: string; devices: string[] }>;
  dtypeBytes: Record<string, number>;
  castableEncodings: [string, string][];
  configDtypeToEncoding: Record<string, string>;
};
export const ropeTypes = (ropeJson as unknown as { types: Record<string, RopeTypeKb> }).types;
export const ropeLegacy = ropeJson as unknown as { legacyAliases: Record<string, string>; legacyAliasesPerModelType: Record<string, Record<string, string>> };
export const activations = activationsJson as unknown as { maxKnownNames: string[]; activations: Record<string, ActivationKb> };

interface FieldNote { category: FieldCategory; note: string }

export type JsonTypeName = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';
/** The JSON types a field takes (field-notes.json valueTypes); `items` types every element of an array; `owner` is the class declaring it when that is not the model type's (PreTrainedConfig). */
export interface ValueType { type: JsonTypeName[]; items?: JsonTypeName; owner?: string }

const fieldNotesData = fieldNotesJson as unknown as {
  fields: Record<string, FieldNote>;
  patterns: { suffix: string; category: FieldCategory; note: string }[];
  valueTypes: { fields: Record<string, ValueType>; nested: Record<string, Record<string, ValueType>> };
};
export const valueTypes = fieldNotesData.valueTypes;

/** Category and note of a config.json field name, or null when the knowledge base does not know it. */
export function fieldNote(name: string): FieldNote | null {
  if (Object.hasOwn(fieldNotesData.fields, name)) return fieldNotesData.fields[name];
  const pattern = fieldNotesData.patterns.find((p) => name.endsWith(p.suffix));
  return pattern ? { category: pattern.category, note: pattern.note } : null;
}

export function modelTypeKb(modelType: string | null): ModelTypeKb | null {
  return modelType && Object.hasOwn(modelTypes, modelType) ? modelTypes[modelType] : null;
}

/** Registered MAX architectures by name; text generation first where a name has several tasks. */
export function findMaxArchitecture(name: string | null): MaxArchitecture | null {
  if (!name) return null;
  const hits = maxArchitectures.filter((a) => a.registered && a.names.includes(name));
  return hits.find((a) => a.task === 'text_generation') ?? hits[0] ?? null;
}

export function maxArchitectureByFolder(folder: string): MaxArchitecture | null {
  return maxArchitectures.find((a) => a.folder === folder && a.registered) ?? null;
}

const CANONICAL = new Set(['hidden_size', 'num_hidden_layers', 'num_attention_heads', 'num_key_value_heads', 'head_dim', 'max_position_embeddings', 'intermediate_size', 'vocab_size']);

/** Alias map across every known model type: used, and said so, only for model types the KB lacks. */
export const knownAliases: Record<string, string> = (() => {
  const out: Record<string, string> = {};
  for (const mt of Object.values(modelTypes)) {
    for (const [alias, stored] of Object.entries(mt.attributeMap)) {
      // Keep the direction that ends on a name a decoder config uses (hidden_size, num_hidden_layers, ...).
      const canonical = CANONICAL.has(alias) ? alias : CANONICAL.has(stored) ? stored : null;
      const other = canonical === alias ? stored : alias;
      if (canonical && !Object.hasOwn(out, other)) out[other] = canonical;
    }
  }
  return out;
})();


/** Structure known only from a model type's modeling code (code-structure.json), by model type. */
export interface CodeStructure { features: string[]; notes?: string[]; source: KbSource }
const codeStructures = (codeStructureJson as unknown as { modelTypes: Record<string, CodeStructure> }).modelTypes;
export function codeStructure(modelType: string | null): CodeStructure | null {
  return modelType && Object.hasOwn(codeStructures, modelType) ? codeStructures[modelType] : null;
}

/** How transformers builds a composite checkpoint's language-model config (text-configs.json). */
export const textConfigRules = textConfigsJson as unknown as {
  languageModelFields: string[];
  topLevelApplied: Record<string, { note: string; sources: KbSource[] }>;
  topLevelForLanguageModel: Record<string, { note: string; sources?: KbSource[] }>;
  legacyLlava: { signal: string; note: string; source: KbSource; languageModelTypes: Record<string, { modelType: string; source: KbSource }> };
};

/** What a donor's graph does with fields it does not map (resources/kb/donor-graphs.json), by folder. */
export interface DonorGraph {
  fixedActivation?: string[];
}

/** Rope types Llama3Config (and its subclasses) turns into a RoPE; others are silently ignored. */
export const LLAMA3_CONFIG_ROPE_TYPES: string[] = donorGraphsJson.configClasses.Llama3Config.ropeTypesHandled;

export function donorGraph(folder: string | null): DonorGraph | null {
  const pipeline = folder ? (maxArchitectureByFolder(folder) as { pipelineModel?: string } | null)?.pipelineModel : undefined;
  const graphs = donorGraphsJson.graphs as Record<string, DonorGraph>;
  return pipeline && Object.hasOwn(graphs, pipeline) ? graphs[pipeline] : null;
}
