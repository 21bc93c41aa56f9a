/**
 * The validated plan every generated file is rendered from. Nothing from config.json or the
 * analysis is used until it has passed through here: names are checked identifiers, numbers are
 * finite and in range, strings are only ever rendered through pythonLiteral.
 */
import type { ConfigAnalysis, Diagnostic, FieldInfo, JsonValue } from '../config/types';
import { badInput } from '../errors';
import { isPythonIdentifier, packageNameFor, requireClassName } from './identifiers';
import {
  ACTIVATIONS, CONVERSIONS, DEFAULT_MAX_VERSION, LLAMA3_GRAPH_ACTIVATION, ENCODINGS, MAX_VERSIONS, describedConfigClass, findArchitecture, findMaxVersion,
  isBuiltinName, MAX_ARCHITECTURES, readsOf, fieldsOf, type ConfigClass, type Conversion, type MaxArchitecture, type MaxVersion,
} from './knowledge';
import type { GeneratePackageInput } from './types';

/** The direct-map dimensions every port carries (read-model-config.mdx's list). */
export const STANDARD_DIMENSIONS = [
  'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'num_key_value_heads', 'head_dim', 'intermediate_size',
  'vocab_size', 'max_position_embeddings', 'rope_theta', 'rms_norm_eps', 'hidden_act', 'tie_word_embeddings',
] as const;
export type StandardDimension = (typeof STANDARD_DIMENSIONS)[number];

const COUNT_DIMENSIONS = new Set(['hidden_size', 'num_hidden_layers', 'num_attention_heads', 'num_key_value_heads', 'head_dim', 'intermediate_size', 'vocab_size', 'max_position_embeddings']);
/** Larger than any real model dimension, small enough for every int the graph uses. */
const MAX_COUNT = 2 ** 31 - 1;

/** Keys handled by dedicated code, never as plain extra fields. */
const HANDLED_KEYS = new Set(['rope_scaling', 'rope_parameters', 'quantization_config', 'architectures', 'model_type', 'dtype', 'torch_dtype', 'text_config', 'auto_map']);
/** Names a generated field must never take: the config protocol's methods and state. */
const RESERVED_FIELD_NAMES = new Set([
  'initialize', 'initialize_from_config', 'get_kv_params', 'get_max_seq_len', 'construct_kv_params', 'calculate_max_seq_len',
  'finalize', 'get_head_dim', 'get_num_layers', 'dtype', 'kv_params', 'devices', 'max_seq_len',
]);

export interface Dimension {
  name: StandardDimension;
  value: number | string | boolean | null;
  /** Where in config.json it came from (a transformers default still names the canonical path). */
  path: string;
  origin: 'config' | 'default' | 'derived';
}

export interface ExtraField {
  name: string;
  value: JsonValue;
  pyType: string;
  path: string;
  origin: 'config' | 'default' | 'derived';
  note: string;
  /** True when the donor class already declares the field but never sets it from config.json. */
  donorDeclares: boolean;
}

export interface ConfigBase {
  kind: 'subclass' | 'standalone';
  /** The donor class to import and subclass (subclass only). */
  className?: string;
  module?: string;
  /** The described class whose behaviour we rely on (the donor's class or its described base). */
  described?: ConfigClass;
  /** True when the donor class itself is not described and we rely on its described base. */
  viaBase?: boolean;
}

export interface PortPlan {
  archName: string;
  classPrefix: string;
  packageName: string;
  maxVersion: MaxVersion;
  modelType: string | null;
  donor: MaxArchitecture | null;
  /** The architecture arch.py and model.py build on: the donor, else llama3 as a scaffold. */
  scaffold: MaxArchitecture;
  configBase: ConfigBase;
  /** Python expression for the language-model config: huggingface_config or its text_config. */
  hfExpr: string;
  /** Prefix of config paths for that config ('' or 'text_config.'). */
  pathPrefix: string;
  dimensions: Dimension[];
  extras: ExtraField[];
  conversions: Array<Conversion & { path: string }>;
  /** Top-level fields shown as "not used" comments, with why. */
  unused: Array<{ path: string; category: string; note: string; value: JsonValue }>;
  ropeScalingPath: string | null;
  /** Values config.json gives for the keys the donor config class maps itself. */
  donorReadValues: Record<string, { path: string; value: JsonValue }>;
  quantMethod: string | null;
  dtype: string | null;
  /** Where the dtype is in config.json: dtype (transformers v5) or torch_dtype. */
  dtypePath: string;
  defaultEncoding: string;
  supportedEncodings: string[];
  weightsFormat: 'safetensors' | 'gguf';
  features: string[];
  exampleRepoIds: string[];
  suggestedName: string | null;
  /** Set when the donor graph's activation differs from hidden_act: what the MLP needs instead. */
  activationTodo: { path: string; hf: string; max: string | null } | null;
  warnings: Diagnostic[];
}

export function planPort(input: GeneratePackageInput): PortPlan {
  const warnings: Diagnostic[] = [];
  const raw = requireObject(input.config, 'config.json', 'the top level');
  const analysis = requireAnalysis(input.analysis);

  const archName = input.archName !== undefined
    ? requireClassName(input.archName, '--name')
    : requireClassName(firstArchitecture(raw), 'architectures[0]');
  const maxVersion = findMaxVersion(input.maxVersion ?? DEFAULT_MAX_VERSION);
  if (!maxVersion) throw badInput(`--max-version: ${JSON.stringify(input.maxVersion)} is not one of ${MAX_VERSIONS.map((v) => v.version).join(', ')}`);

  const donor = chooseDonor(input, analysis, warnings);
  const scaffold = donor ?? findArchitecture('llama3')!;
  const textConfig = isObject(raw.text_config) && analysis.features.includes('multimodal') ? raw.text_config : null;
  const root = textConfig ?? raw;
  const pathPrefix = textConfig ? 'text_config.' : '';
  const configBase = chooseConfigBase(donor, warnings);

  const dimensions = STANDARD_DIMENSIONS.map((name) => checkDimension(name, analysis, root, pathPrefix, warnings));
  const donorReads = new Set(configBase.described ? readsOf(configBase.described).map((read) => read.hf) : []);
  const conversions = CONVERSIONS
    .filter((conv) => configBase.described && conv.when === 'Llama3Config' && inChain(configBase.described, conv.when) && conv.hf in root)
    .map((conv) => ({ ...conv, path: pathPrefix + conv.hf }));
  for (const conv of conversions) checkFinite(root[conv.hf], conv.path, { positive: true });

  const extras = collectExtras(analysis, root, pathPrefix, configBase, donorReads, new Set(conversions.map((c) => c.hf)), warnings);
  const used = new Set<string>([...STANDARD_DIMENSIONS, ...extras.map((e) => e.name), ...conversions.map((c) => c.hf), ...donorReads, ...HANDLED_KEYS]);
  const unused = collectUnused(analysis, raw, root, pathPrefix, used);

  const dtype = stringOrNull(raw.dtype) ?? stringOrNull(raw.torch_dtype) ?? stringOrNull(root.dtype) ?? stringOrNull(root.torch_dtype);
  const quantMethod = isObject(raw.quantization_config) ? stringOrNull(raw.quantization_config.quant_method) : null;
  const encodings = chooseEncodings(dtype, quantMethod, scaffold, warnings);
  const weightsFormat = input.weightsFormat ?? 'safetensors';
  if (!scaffold.weightFormats.includes(weightsFormat)) {
    warnings.push(warn('codegen-weights-format', '', `the ${scaffold.folder} donor has no ${weightsFormat} weight adapter (it supports ${scaffold.weightFormats.join(', ')})`));
  }

  let suggestedName: string | null = null;
  if (isBuiltinName(archName)) {
    suggestedName = uniqueName(archName);
    const policy = maxVersion.builtinOverride === 'refused'
      ? `MAX ${maxVersion.version} refuses to override it ("Refusing to override existing architecture")`
      : `MAX ${maxVersion.version} may refuse to override it`;
    warnings.push(warn('codegen-builtin-name', 'architectures', `${archName} is already built into MAX and ${policy}: use --name ${suggestedName} and set architectures[0] to "${suggestedName}" in a local copy of config.json (weights symlinked)`));
  }

  const activationTodo = checkActivation(dimensions.find((d) => d.name === 'hidden_act')!, configBase, warnings);
  const repoId = typeof input.repoId === 'string' && /^[\w.-]+\/[\w.-]+$/.test(input.repoId) ? input.repoId : null;
  return {
    archName,
    classPrefix: archName,
    packageName: packageNameFor(archName),
    maxVersion,
    modelType: stringOrNull(raw.model_type),
    donor,
    scaffold,
    configBase,
    hfExpr: textConfig ? 'huggingface_config.text_config' : 'huggingface_config',
    pathPrefix,
    dimensions,
    extras,
    conversions,
    unused,
    donorReadValues: Object.fromEntries([...donorReads].filter((key) => Object.hasOwn(root, key)).map((key) => [key, { path: pathPrefix + key, value: root[key] as JsonValue }])),
    ropeScalingPath: isObject(root.rope_scaling) ? pathPrefix + 'rope_scaling' : isObject(root.rope_parameters) ? pathPrefix + 'rope_parameters' : null,
    quantMethod,
    dtype,
    dtypePath: typeof raw.dtype === 'string' ? 'dtype' : 'torch_dtype',
    defaultEncoding: encodings.defaultEncoding,
    supportedEncodings: encodings.supported,
    weightsFormat,
    features: analysis.features.filter((f) => typeof f === 'string'),
    exampleRepoIds: repoId ? [repoId] : [],
    suggestedName,
    activationTodo,
    warnings,
  };
}

function requireAnalysis(analysis: ConfigAnalysis): ConfigAnalysis {
  if (!isObject(analysis) || !isObject(analysis.dimensions) || !Array.isArray(analysis.fields) || !Array.isArray(analysis.features) || !isObject(analysis.baseline)) {
    throw badInput('analysis: not a ConfigAnalysis (dimensions, fields, features and baseline are required)');
  }
  return analysis;
}

function firstArchitecture(raw: Record<string, unknown>): unknown {
  const list = raw.architectures;
  if (!Array.isArray(list) || list.length === 0) throw badInput('config.json architectures: missing or empty; pass --name to choose the registered name');
  return list[0];
}

function chooseDonor(input: GeneratePackageInput, analysis: ConfigAnalysis, warnings: Diagnostic[]): MaxArchitecture | null {
  if (input.baselineFolder !== undefined) {
    const chosen = typeof input.baselineFolder === 'string' ? findArchitecture(input.baselineFolder) : null;
    if (!chosen) throw badInput(`--baseline: ${JSON.stringify(input.baselineFolder)} is not a MAX text-generation architectures folder`);
    return chosen;
  }
  const { folder, name, match } = analysis.baseline;
  if (match === 'none' || typeof folder !== 'string') {
    warnings.push(warn('codegen-no-donor', 'architectures', 'no MAX donor matches this model: the package is a llama3-based scaffold with a standalone config; pick a donor with --baseline'));
    return null;
  }
  const found = findArchitecture(folder, typeof name === 'string' ? name : null);
  if (!found) warnings.push(warn('codegen-unknown-donor', 'architectures', `the baseline folder ${JSON.stringify(folder)} is not a MAX text-generation architecture: using a llama3-based scaffold`));
  return found;
}

/** Subclass the donor's config when the reference describes it (or its direct base); else stand alone. */
function chooseConfigBase(donor: MaxArchitecture | null, warnings: Diagnostic[]): ConfigBase {
  if (!donor) return { kind: 'standalone' };
  const own = describedConfigClass(donor.configClass);
  if (own) return { kind: 'subclass', className: own.name, module: own.module, described: own };
  const base = describedAncestor(donor.configBases);
  if (base) {
    warnings.push(warn('codegen-donor-config-assumed', '', `${donor.configClass} is not described in the reference: assumed it maps what its base ${base.name} maps; check ${donor.configModule}`));
    return { kind: 'subclass', className: donor.configClass, module: donor.configModule, described: base, viaBase: true };
  }
  warnings.push(warn('codegen-standalone-config', '', `${donor.configClass} (${donor.configModule}) is not described in the reference: generated a standalone config on ArchConfigWithKVCache; compare it with the donor's`));
  return { kind: 'standalone' };
}

/** The nearest described class among `bases` and, through MAX's registrations, their bases. */
function describedAncestor(bases: string[], seen = new Set<string>()): ConfigClass | null {
  for (const name of bases) {
    const described = describedConfigClass(name);
    if (described) return described;
  }
  for (const name of bases) {
    if (seen.has(name)) continue;
    seen.add(name);
    const registered = MAX_ARCHITECTURES.find((arch) => arch.configClass === name);
    const found = registered ? describedAncestor(registered.configBases, seen) : null;
    if (found) return found;
  }
  return null;
}

function checkDimension(name: StandardDimension, analysis: ConfigAnalysis, root: Record<string, unknown>, prefix: string, warnings: Diagnostic[]): Dimension {
  const value = analysis.dimensions[name];
  const field = findField(analysis.fields, prefix + name) ?? aliasField(analysis.fields, name, prefix);
  const path = field?.path ?? prefix + name;
  const origin = field?.origin ?? (name in root ? 'config' : 'default');
  if (value === null || value === undefined) {
    warnings.push(warn('codegen-missing-dimension', path, `${name} is neither in config.json nor a transformers default: the generated code reads it and marks a TODO`));
    return { name, value: null, path, origin };
  }
  if (COUNT_DIMENSIONS.has(name)) checkCount(value, path);
  else if (name === 'rope_theta') checkFinite(value, path, { positive: true });
  else if (name === 'rms_norm_eps') checkFinite(value, path, { positive: true, below: 1 });
  else if (name === 'hidden_act' && typeof value !== 'string') throw badInput(`${path}: ${JSON.stringify(value)} is not an activation name`);
  else if (name === 'tie_word_embeddings' && typeof value !== 'boolean') throw badInput(`${path}: ${JSON.stringify(value)} is not true or false`);
  return { name, value: value as Dimension['value'], path, origin };
}

function findField(fields: FieldInfo[], path: string): FieldInfo | undefined {
  return fields.find((field) => isObject(field) && field.path === path);
}

/** The config field an aliased dimension came from (e.g. n_embd for hidden_size), as the analysis notes it. */
function aliasField(fields: FieldInfo[], name: string, prefix: string): FieldInfo | undefined {
  const word = new RegExp(`\\b${name}\\b`);
  return fields.find((field) => isObject(field) && typeof field.path === 'string' && field.path.startsWith(prefix)
    && !field.path.slice(prefix.length).includes('.') && typeof field.note === 'string' && word.test(field.note) && /alias/i.test(field.note));
}

function collectExtras(
  analysis: ConfigAnalysis, root: Record<string, unknown>, prefix: string, base: ConfigBase,
  donorReads: Set<string>, converted: Set<string>, warnings: Diagnostic[],
): ExtraField[] {
  const donorFields = new Set(base.described ? fieldsOf(base.described) : []);
  const unset = new Set(base.described ? base.described.unsetFields ?? [] : []);
  const candidates = new Map<string, { value: unknown; origin: ExtraField['origin']; note: string }>();
  for (const [name, value] of Object.entries(analysis.dimensions)) {
    if ((STANDARD_DIMENSIONS as readonly string[]).includes(name) || name.startsWith('rope_')) continue;
    const field = findField(analysis.fields, prefix + name);
    if (!field && !(name in root)) continue;
    candidates.set(name, { value, origin: field?.origin ?? (name in root ? 'config' : 'default'), note: field?.note ?? 'effective value from the analysis' });
  }
  for (const field of analysis.fields) {
    if (!isObject(field) || typeof field.path !== 'string' || !field.path.startsWith(prefix)) continue;
    const key = field.path.slice(prefix.length);
    if (key.includes('.') || !(field.category === 'structural' || field.category === 'dimension')) continue;
    if (!candidates.has(key)) candidates.set(key, { value: root[key], origin: field.origin, note: field.note });
  }
  const extras: ExtraField[] = [];
  for (const [name, { value, origin, note }] of candidates) {
    if (HANDLED_KEYS.has(name) || donorReads.has(name) || converted.has(name) || value === undefined) continue;
    if ((STANDARD_DIMENSIONS as readonly string[]).includes(name)) continue;
    const path = prefix + name;
    if (!isPythonIdentifier(name) || RESERVED_FIELD_NAMES.has(name) || name.startsWith('_')) {
      warnings.push(warn('codegen-field-skipped', path, `${JSON.stringify(name).slice(0, 60)} cannot be a Python field name: left for you to map by hand`));
      continue;
    }
    if (donorFields.has(name) && !unset.has(name)) {
      warnings.push(warn('codegen-field-clash', path, `${name} is a field of ${base.described!.name} with its own meaning: map it by hand`));
      continue;
    }
    const pyType = pythonTypeOf(value, path);
    if (!pyType) continue;
    extras.push({ name, value: value as JsonValue, pyType, path, origin, note: typeof note === 'string' ? note : '', donorDeclares: donorFields.has(name) });
  }
  return extras.sort((a, b) => a.name.localeCompare(b.name));
}

/** The annotation for a value generated code may embed, or null for shapes left to comments. */
function pythonTypeOf(value: unknown, path: string): string | null {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') {
    checkFinite(value, path, {});
    if (Number.isInteger(value)) {
      if (!Number.isSafeInteger(value)) throw badInput(`${path}: ${value} is out of range for an integer field`);
      return 'int';
    }
    return 'float';
  }
  if (Array.isArray(value) && value.length <= 4096) {
    if (value.length > 0 && value.every((item) => typeof item === 'string')) return 'list[str]';
    if (value.every((item) => typeof item === 'number')) {
      value.forEach((item, index) => checkFinite(item, `${path}[${index}]`, {}));
      if (!value.every((item) => Number.isSafeInteger(item))) return value.every((item) => Number.isFinite(item)) ? 'list[float]' : null;
      return 'list[int]';
    }
  }
  return null;
}

/** Top-level keys other files render (arch.py, PORTING.md), so not listed as unused. */
const TOP_LEVEL_HANDLED = new Set(['architectures', 'model_type', 'dtype', 'torch_dtype', 'quantization_config', 'auto_map', 'text_config']);

function collectUnused(analysis: ConfigAnalysis, raw: Record<string, unknown>, root: Record<string, unknown>, prefix: string, used: Set<string>) {
  const entries: Array<[string, unknown]> = Object.entries(raw);
  if (prefix) entries.push(...Object.entries(root).map(([key, value]): [string, unknown] => [prefix + key, value]));
  const unused: PortPlan['unused'] = [];
  for (const [path, value] of entries) {
    const inLanguageModel = !prefix || path.startsWith(prefix);
    const key = prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path;
    if ((inLanguageModel && used.has(key)) || TOP_LEVEL_HANDLED.has(path)) continue;
    const field = findField(analysis.fields, path);
    unused.push({ path, category: field?.category ?? 'unknown', note: typeof field?.note === 'string' ? field.note : 'not in the knowledge base', value: value as JsonValue });
  }
  return unused.sort((a, b) => a.path.localeCompare(b.path));
}

function chooseEncodings(dtype: string | null, quantMethod: string | null, scaffold: MaxArchitecture, warnings: Diagnostic[]) {
  let defaultEncoding: string | null = null;
  if (quantMethod !== null) {
    defaultEncoding = Object.hasOwn(ENCODINGS.fromQuantMethod, quantMethod) ? ENCODINGS.fromQuantMethod[quantMethod] : null;
    if (!defaultEncoding) {
      const note = Object.hasOwn(ENCODINGS.quantMethodNotes, quantMethod) ? ENCODINGS.quantMethodNotes[quantMethod] : `MAX does not recognise quant_method ${JSON.stringify(quantMethod)}`;
      warnings.push(warn('codegen-quantization', 'quantization_config.quant_method', note));
    }
  }
  if (!defaultEncoding && dtype !== null) defaultEncoding = Object.hasOwn(ENCODINGS.fromDtype, dtype) ? ENCODINGS.fromDtype[dtype] : null;
  if (!defaultEncoding) {
    defaultEncoding = scaffold.defaultEncoding;
    warnings.push(warn('codegen-encoding-unknown', 'torch_dtype', `no MAX encoding follows from dtype ${JSON.stringify(dtype)}: using the donor's default ${defaultEncoding}`));
  }
  const required = quantMethod !== null && Object.hasOwn(ENCODINGS.requiredDtype, quantMethod) ? ENCODINGS.requiredDtype[quantMethod] : null;
  if (required && dtype !== required.dtype) {
    warnings.push(warn(`codegen-${quantMethod}-dtype`, 'torch_dtype', `MAX's ${quantMethod} path needs torch_dtype ${required.dtype} (got ${JSON.stringify(dtype)}): it raises "${required.failure}"`));
  }
  const partners = Object.hasOwn(ENCODINGS.castPartners, defaultEncoding) ? ENCODINGS.castPartners[defaultEncoding] : [];
  const supported = [defaultEncoding, ...partners.filter((enc) => scaffold.supportedEncodings.includes(enc))];
  if (!scaffold.supportedEncodings.includes(defaultEncoding)) {
    warnings.push(warn('codegen-encoding-unsupported', 'torch_dtype', `the ${scaffold.folder} donor does not list ${defaultEncoding} (it supports ${scaffold.supportedEncodings.join(', ')}): its graph may not run this encoding`));
  }
  return { defaultEncoding, supported };
}

/** MAX knows few activations, and llama3-family graphs ignore hidden_act altogether (always silu). */
function checkActivation(act: Dimension, base: ConfigBase, warnings: Diagnostic[]): PortPlan['activationTodo'] {
  if (typeof act.value !== 'string') return null;
  const maxName = Object.hasOwn(ACTIVATIONS, act.value) ? ACTIVATIONS[act.value] : null;
  if (maxName === null) {
    warnings.push(warn('codegen-activation', act.path, `MAX has no activation ${JSON.stringify(act.value)} (activation_function_from_name knows silu, gelu, gelu_tanh, relu, tanh, sigmoid)`));
    return { path: act.path, hf: act.value, max: null };
  }
  if (base.described && inChain(base.described, 'Llama3Config') && maxName !== LLAMA3_GRAPH_ACTIVATION) {
    warnings.push(warn('codegen-activation', act.path, `the llama3 graph ignores hidden_act and always builds a ${LLAMA3_GRAPH_ACTIVATION} MLP; this model needs ${maxName}`));
    return { path: act.path, hf: act.value, max: maxName };
  }
  return null;
}

function uniqueName(name: string): string {
  let candidate = `${name}Port`;
  for (let n = 2; isBuiltinName(candidate); n++) candidate = `${name}Port${n}`;
  return candidate;
}

function checkCount(value: unknown, path: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_COUNT) {
    throw badInput(`${path}: ${shown(value)} is not a positive integer up to ${MAX_COUNT}`);
  }
}

function checkFinite(value: unknown, path: string, rule: { positive?: boolean; below?: number }): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badInput(`${path}: ${shown(value)} is not a finite number`);
  if (rule.positive && value <= 0) throw badInput(`${path}: ${shown(value)} must be greater than 0`);
  if (rule.below !== undefined && value >= rule.below) throw badInput(`${path}: ${shown(value)} must be below ${rule.below}`);
}

function inChain(cls: ConfigClass, name: string): boolean {
  if (cls.name === name) return true;
  const base = cls.base ? describedConfigClass(cls.base) : null;
  return base ? inChain(base, name) : false;
}

const shown = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value));
const stringOrNull = (value: unknown) => (typeof value === 'string' ? value : null);
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function requireObject(value: unknown, file: string, where: string): Record<string, unknown> {
  if (!isObject(value)) throw badInput(`${file}: ${where} is not a JSON object`);
  return value;
}

export const warn = (code: string, path: string, message: string): Diagnostic => ({ severity: 'warning', code, path, message });
