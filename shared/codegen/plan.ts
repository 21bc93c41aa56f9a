/**
 * The validated plan every generated file is rendered from. The donor is resolved once into its
 * record (donor.ts); everything below reads that record and the checked config. Nothing from
 * config.json or the analysis is used until it has passed through here: names are checked
 * identifiers, numbers are finite and in range, strings are only ever rendered through pythonLiteral.
 */
import type { ConfigAnalysis, Diagnostic, FieldInfo, JsonValue } from '../config/types';
import { badInput } from '../errors';
import { checkCount, checkFinite, isObject, pythonTypeOf, shown, stringOrNull } from './checks';
import { resolveDonor, type DonorRecord, type WeightFormat } from './donor';
import { isPythonIdentifier, packageNameFor, requireClassName } from './identifiers';
import {
  CONVERSIONS, DEFAULT_MAX_VERSION, ENCODINGS, MAX_VERSIONS, findMaxVersion, isBuiltinName,
  type Conversion, type MaxVersion,
} from './knowledge';
import { planAdapters, type AdapterPlan } from './planAdapters';
import { planReach, type GraphClass, type SiteReach } from './planReach';
import { planSupply, type Supply } from './planSupply';
import { planTodos, type PortBlocker, type PortTodo } from './planTodos';
import type { GeneratePackageInput } from './types';

/** The direct-map dimensions every port carries (read-model-config.mdx's list). */
export const STANDARD_DIMENSIONS = [
  'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'num_key_value_heads', 'head_dim', 'intermediate_size',
  'vocab_size', 'max_position_embeddings', 'rope_theta', 'rms_norm_eps', 'hidden_act', 'tie_word_embeddings',
] as const;
export type StandardDimension = (typeof STANDARD_DIMENSIONS)[number];

const COUNT_DIMENSIONS = new Set(['hidden_size', 'num_hidden_layers', 'num_attention_heads', 'num_key_value_heads', 'head_dim', 'intermediate_size', 'vocab_size', 'max_position_embeddings']);

/** Keys handled by dedicated code, never as plain extra fields. */
const HANDLED_KEYS = new Set(['rope_scaling', 'rope_parameters', 'quantization_config', 'architectures', 'model_type', 'dtype', 'torch_dtype', 'text_config', 'auto_map']);
/** Names a generated field must never take: the config protocol's methods and state. */
const RESERVED_FIELD_NAMES = new Set([
  'initialize', 'initialize_from_config', 'get_kv_params', 'get_max_seq_len', 'construct_kv_params', 'calculate_max_seq_len',
  'finalize', 'get_head_dim', 'get_num_layers', 'dtype', 'kv_params', 'devices', 'max_seq_len', 'huggingface_config',
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
  /** True when the donor's config class declares the field but never sets it: assigned, not redeclared. */
  donorDeclares: boolean;
}

export interface PortPlan {
  archName: string;
  classPrefix: string;
  packageName: string;
  maxVersion: MaxVersion;
  modelType: string | null;
  /** The donor resolved once: every fact about MAX's code below comes from it. */
  donor: DonorRecord;
  /** native: architectures[0] is the donor's own registered name; family: the analysis' choice; chosen: --baseline; scaffold: nothing matched. */
  donorMatch: 'native' | 'family' | 'chosen' | 'scaffold';
  /** True when the language model's fields sit in text_config (a multimodal config). */
  languageInTextConfig: boolean;
  /** Prefix of config paths for the language model ('' or 'text_config.'). */
  pathPrefix: string;
  dimensions: Dimension[];
  extras: ExtraField[];
  conversions: Array<Conversion & { path: string }>;
  /** Values the HF config lacks that the donor reads: supplied with the value transformers gives. */
  supplied: Supply[];
  /** Top-level fields shown as "not used" comments, with why. */
  unused: Array<{ path: string; category: string; note: string; value: JsonValue }>;
  ropeScalingPath: string | null;
  /** Values config.json gives for the keys the donor's config maps itself. */
  donorReadValues: Record<string, { path: string; value: JsonValue }>;
  quantMethod: string | null;
  dtype: string | null;
  /** Where the dtype is in config.json: dtype (transformers v5) or torch_dtype. */
  dtypePath: string;
  defaultEncoding: string;
  supportedEncodings: string[];
  weightsFormat: WeightFormat;
  adapters: AdapterPlan;
  /** How the generated config reaches every place the donor builds one. */
  reach: SiteReach[];
  /** Classes the donor builds by name that are not its registered config: each gets the same additions. */
  graphClasses: GraphClass[];
  features: string[];
  exampleRepoIds: string[];
  suggestedName: string | null;
  todos: PortTodo[];
  blockers: PortBlocker[];
  warnings: Diagnostic[];
}

export function planPort(input: GeneratePackageInput): PortPlan {
  const warnings: Diagnostic[] = [];
  const raw = requireObject(input.config, 'config.json', 'the top level');
  const analysis = requireAnalysis(input.analysis);

  const archName = input.archName !== undefined
    ? requireClassName(input.archName, '--name')
    : requireClassName(firstArchitecture(raw), 'architectures[0]');
  const maxVersion = findMaxVersion(typeof input.maxVersion === 'string' ? input.maxVersion : DEFAULT_MAX_VERSION);
  if (!maxVersion || (input.maxVersion !== undefined && typeof input.maxVersion !== 'string')) {
    throw badInput(`--max-version: ${shown(input.maxVersion)} is not one of ${MAX_VERSIONS.map((v) => v.version).join(', ')}`);
  }

  const { donor, match } = chooseDonor(input, analysis, archName, warnings);
  const multimodal = analysis.features.includes('multimodal') && isObject(raw.text_config);
  const root = multimodal ? (raw.text_config as Record<string, unknown>) : raw;
  const pathPrefix = multimodal ? 'text_config.' : '';
  const modelType = stringOrNull(raw.model_type);

  const dimensions = STANDARD_DIMENSIONS.map((name) => checkDimension(name, analysis, root, pathPrefix, warnings));
  const donorReads = languageReadNames(donor, multimodal);
  // Keys the donor's pipeline model takes as class attributes (attention_bias): model.py's, never config fields.
  for (const name of Object.keys(donor.model.attributes)) if (Object.hasOwn(root, name)) donorReads.add(name);
  const conversions = planConversions(donor, root, pathPrefix, warnings);
  const extras = collectExtras(analysis, root, pathPrefix, donor, donorReads, new Set(conversions.map((c) => c.hf)), warnings);
  const used = new Set<string>([...STANDARD_DIMENSIONS, ...extras.map((e) => e.name), ...conversions.map((c) => c.hf), ...donorReads, ...HANDLED_KEYS]);
  const unused = collectUnused(analysis, raw, root, pathPrefix, used);

  const dtype = stringOrNull(raw.dtype) ?? stringOrNull(raw.torch_dtype) ?? stringOrNull(root.dtype) ?? stringOrNull(root.torch_dtype);
  const quantMethod = isObject(raw.quantization_config) ? stringOrNull(raw.quantization_config.quant_method) : null;
  const encodings = chooseEncodings(dtype, quantMethod, donor, warnings);
  const weightsFormat: WeightFormat = input.weightsFormat === 'gguf' ? 'gguf' : 'safetensors';

  let suggestedName: string | null = null;
  if (isBuiltinName(archName)) {
    suggestedName = uniqueName(archName);
    const policy = maxVersion.builtinOverride === 'refused'
      ? `MAX ${maxVersion.version} refuses to override it ("Refusing to override existing architecture")`
      : `MAX ${maxVersion.version} may refuse to override it`;
    warnings.push(warn('codegen-builtin-name', 'architectures', `${archName} is already built into MAX and ${policy}: use --name ${suggestedName} and set architectures[0] to "${suggestedName}" in a local copy of config.json (weights symlinked)`));
  }

  const features = analysis.features.filter((f): f is string => typeof f === 'string');
  const supply = planSupply({ donor, analysis, raw, root, pathPrefix, multimodal, modelType });
  // A field supplied from its transformers alias (num_experts from num_local_experts) is not added again under the alias.
  const aliased = new Set(supply.supplied.flatMap((s) => (s.how === 'attribute' ? [s.from] : [])));
  const addedFields = extras.filter((extra) => !aliased.has(extra.name));
  const { reach, graphClasses, blockers: reachBlockers } = planReach(donor, supply.supplied.length > 0, archName);
  const adapters = planAdapters(donor, weightsFormat, input.weightRenames, warnings);
  const repoId = typeof input.repoId === 'string' && /^[\w.-]+\/[\w.-]+$/.test(input.repoId) ? input.repoId : null;
  const plan: Omit<PortPlan, 'todos' | 'blockers'> = {
    archName,
    classPrefix: archName,
    packageName: packageNameFor(archName),
    maxVersion,
    modelType,
    donor,
    donorMatch: match,
    languageInTextConfig: multimodal,
    pathPrefix,
    dimensions,
    extras: addedFields,
    conversions,
    supplied: supply.supplied,
    unused,
    donorReadValues: Object.fromEntries([...donorReads].filter((key) => Object.hasOwn(root, key)).map((key) => [key, { path: pathPrefix + key, value: root[key] as JsonValue }])),
    ropeScalingPath: isObject(root.rope_scaling) ? pathPrefix + 'rope_scaling' : isObject(root.rope_parameters) ? pathPrefix + 'rope_parameters' : null,
    quantMethod,
    dtype,
    dtypePath: typeof raw.dtype === 'string' ? 'dtype' : 'torch_dtype',
    defaultEncoding: encodings.defaultEncoding,
    supportedEncodings: encodings.supported,
    weightsFormat,
    adapters,
    reach,
    graphClasses,
    features,
    exampleRepoIds: repoId ? [repoId] : [],
    suggestedName,
    warnings,
  };
  const { todos, blockers } = planTodos(plan, root, [...reachBlockers, ...supply.blockers, ...encodings.blockers]);
  return { ...plan, todos, blockers };
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

function chooseDonor(input: GeneratePackageInput, analysis: ConfigAnalysis, archName: string, warnings: Diagnostic[]): { donor: DonorRecord; match: PortPlan['donorMatch'] } {
  if (input.baselineFolder !== undefined) {
    const chosen = typeof input.baselineFolder === 'string' ? resolveDonor(input.baselineFolder) : null;
    if (!chosen) throw badInput(`--baseline: ${shown(input.baselineFolder)} is not a MAX text-generation architectures folder`);
    return { donor: chosen, match: chosen.name === archName ? 'native' : 'chosen' };
  }
  const { folder, name, match } = analysis.baseline;
  const found = match !== 'none' && typeof folder === 'string' ? resolveDonor(folder, typeof name === 'string' ? name : null) : null;
  if (found) return { donor: found, match: match === 'native' && found.name === firstName(input) ? 'native' : 'family' };
  if (match === 'none' || typeof folder !== 'string') {
    warnings.push(warn('codegen-no-donor', 'architectures', 'no MAX donor matches this model: the package is a llama3-based scaffold; pick a donor with --baseline'));
  } else {
    warnings.push(warn('codegen-unknown-donor', 'architectures', `the baseline folder ${shown(folder)} is not a MAX text-generation architecture: using a llama3-based scaffold`));
  }
  return { donor: resolveDonor('llama3')!, match: 'scaffold' };
}

/** architectures[0] as config.json gives it (the native match is about the checkpoint, not --name). */
function firstName(input: GeneratePackageInput): string | null {
  const list = isObject(input.config) ? input.config.architectures : null;
  return Array.isArray(list) && typeof list[0] === 'string' ? list[0] : null;
}

/** Top-level HF attribute names the donor's config reads on the language model's config. */
function languageReadNames(donor: DonorRecord, multimodal: boolean): Set<string> {
  const names = new Set<string>();
  for (const read of donor.config.reads) {
    const attr = multimodal && read.attr.startsWith('text_config.') ? read.attr.slice('text_config.'.length) : read.attr;
    const head = attr.split('.')[0];
    if (head && !['text_config', 'llm_config', 'vision_config'].includes(head)) names.add(head);
  }
  return names;
}

function checkDimension(name: StandardDimension, analysis: ConfigAnalysis, root: Record<string, unknown>, prefix: string, warnings: Diagnostic[]): Dimension {
  const value = analysis.dimensions[name];
  const field = findField(analysis.fields, prefix + name) ?? aliasField(analysis.fields, name, prefix);
  const path = typeof field?.path === 'string' ? field.path : prefix + name;
  const origin = field && ['config', 'default', 'derived'].includes(field.origin) ? field.origin : Object.hasOwn(root, name) ? 'config' : 'default';
  if (value === null || value === undefined) {
    warnings.push(warn('codegen-missing-dimension', path, `${name} is neither in config.json nor a transformers default: the generated code reads it and marks a TODO`));
    return { name, value: null, path, origin };
  }
  if (COUNT_DIMENSIONS.has(name)) checkCount(value, path);
  else if (name === 'rope_theta') checkFinite(value, path, { positive: true });
  else if (name === 'rms_norm_eps') checkFinite(value, path, { positive: true, below: 1 });
  else if (name === 'hidden_act' && typeof value !== 'string') throw badInput(`${path}: ${shown(value)} is not an activation name`);
  else if (name === 'tie_word_embeddings' && typeof value !== 'boolean') throw badInput(`${path}: ${shown(value)} is not true or false`);
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

/** logit_scale -> logits_scaling and the like, where the donor's config has the target field. null is "not set". */
function planConversions(donor: DonorRecord, root: Record<string, unknown>, prefix: string, warnings: Diagnostic[]): PortPlan['conversions'] {
  const out: PortPlan['conversions'] = [];
  for (const conv of CONVERSIONS) {
    if (!Object.hasOwn(root, conv.hf) || root[conv.hf] === null) continue;
    const path = prefix + conv.hf;
    if (!donor.config.fields.has(conv.field)) {
      warnings.push(warn('codegen-conversion-no-field', path, `${conv.hf} needs ${conv.field}, which ${donor.config.name} does not have: map it by hand`));
      continue;
    }
    checkFinite(root[conv.hf], path, { positive: true });
    out.push({ ...conv, path });
  }
  return out;
}

function collectExtras(
  analysis: ConfigAnalysis, root: Record<string, unknown>, prefix: string, donor: DonorRecord,
  donorReads: Set<string>, converted: Set<string>, warnings: Diagnostic[],
): ExtraField[] {
  const candidates = new Map<string, { value: unknown; origin: ExtraField['origin']; note: string }>();
  for (const [name, value] of Object.entries(analysis.dimensions)) {
    if ((STANDARD_DIMENSIONS as readonly string[]).includes(name) || name.startsWith('rope_')) continue;
    const field = findField(analysis.fields, prefix + name);
    if (!field && !Object.hasOwn(root, name)) continue;
    candidates.set(name, { value, origin: originOf(field, root, name), note: typeof field?.note === 'string' ? field.note : 'effective value from the analysis' });
  }
  for (const field of analysis.fields) {
    if (!isObject(field) || typeof field.path !== 'string' || !field.path.startsWith(prefix)) continue;
    const key = field.path.slice(prefix.length);
    if (key.includes('.') || !(field.category === 'structural' || field.category === 'dimension')) continue;
    if (!candidates.has(key)) candidates.set(key, { value: root[key], origin: originOf(field, root, key), note: typeof field.note === 'string' ? field.note : '' });
  }
  const extras: ExtraField[] = [];
  for (const [name, { value, origin, note }] of candidates) {
    if (HANDLED_KEYS.has(name) || donorReads.has(name) || converted.has(name) || value === undefined || value === null) continue;
    if ((STANDARD_DIMENSIONS as readonly string[]).includes(name)) continue;
    const path = prefix + name;
    if (!isPythonIdentifier(name) || RESERVED_FIELD_NAMES.has(name) || name.startsWith('_')) {
      warnings.push(warn('codegen-field-skipped', path, `${JSON.stringify(name).slice(0, 60)} cannot be a Python field name: left for you to map by hand`));
      continue;
    }
    const declared = donor.config.fields.get(name);
    if (declared && donor.config.sets.has(name)) {
      // The donor's config declares and sets it (Qwen3.5's layer_types): redeclaring or assigning it would clobber its value.
      warnings.push(warn('codegen-field-clash', path, `${name} is a field ${declared.class} declares and sets itself (${donor.config.path}): the generated config leaves it to ${donor.config.name}`));
      continue;
    }
    const pyType = pythonTypeOf(value, path);
    if (!pyType) continue;
    extras.push({ name, value: value as JsonValue, pyType, path, origin, note, donorDeclares: Boolean(declared) });
  }
  return extras.sort((a, b) => a.name.localeCompare(b.name));
}

const originOf = (field: FieldInfo | undefined, root: Record<string, unknown>, name: string): ExtraField['origin'] =>
  field && ['config', 'default', 'derived'].includes(field.origin) ? field.origin : Object.hasOwn(root, name) ? 'config' : 'default';

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
    const category = typeof field?.category === 'string' ? field.category : 'unknown';
    unused.push({ path, category, note: typeof field?.note === 'string' ? field.note : 'not in the knowledge base', value: value as JsonValue });
  }
  return unused.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The encoding follows the checkpoint (quantization_config, else dtype, else transformers' float32
 * default); the donor's arch.py says which it supports. One the donor lacks is a finding.
 */
function chooseEncodings(dtype: string | null, quantMethod: string | null, donor: DonorRecord, warnings: Diagnostic[]) {
  const blockers: PortBlocker[] = [];
  let defaultEncoding: string | null = null;
  if (quantMethod !== null) {
    defaultEncoding = Object.hasOwn(ENCODINGS.fromQuantMethod, quantMethod) ? ENCODINGS.fromQuantMethod[quantMethod] : null;
    if (!defaultEncoding) {
      const note = Object.hasOwn(ENCODINGS.quantMethodNotes, quantMethod) ? ENCODINGS.quantMethodNotes[quantMethod] : `MAX does not recognise quant_method ${shown(quantMethod)}`;
      warnings.push(warn('codegen-quantization', 'quantization_config.quant_method', note));
    }
  }
  if (!defaultEncoding && dtype !== null) defaultEncoding = Object.hasOwn(ENCODINGS.fromDtype, dtype) ? ENCODINGS.fromDtype[dtype] : null;
  if (!defaultEncoding) {
    // transformers loads weights in float32 when config.json names no dtype; a quantized default (llama3's q4_k) would not fit them.
    defaultEncoding = dtype === null && quantMethod === null ? 'float32' : donor.arch.defaultEncoding;
    warnings.push(warn('codegen-encoding-unknown', 'torch_dtype', dtype === null && quantMethod === null
      ? 'config.json names no dtype: transformers loads float32, so the default encoding is float32; check the weights\' dtype'
      : `no MAX encoding follows from dtype ${shown(dtype)}: using the ${donor.folder} donor's default ${defaultEncoding}`));
  }
  const required = quantMethod !== null && Object.hasOwn(ENCODINGS.requiredDtype, quantMethod) ? ENCODINGS.requiredDtype[quantMethod] : null;
  if (required && dtype !== required.dtype) {
    warnings.push(warn(`codegen-${quantMethod}-dtype`, 'torch_dtype', `MAX's ${quantMethod} path needs torch_dtype ${required.dtype} (got ${shown(dtype)}): it raises "${required.failure}"`));
  }
  const supportedByDonor = donor.arch.supportedEncodings;
  const partners = Object.hasOwn(ENCODINGS.castPartners, defaultEncoding) ? ENCODINGS.castPartners[defaultEncoding] : [];
  const supported = [defaultEncoding, ...partners.filter((enc) => supportedByDonor.includes(enc))];
  if (!supportedByDonor.includes(defaultEncoding)) {
    const where = `${donor.arch.path}:${donor.arch.encodingsLine}`;
    const message = `the checkpoint needs ${defaultEncoding}, which the ${donor.folder} donor's arch.py does not declare (${where}: ${supportedByDonor.join(', ')}): its graph is not known to run it`;
    warnings.push(warn('codegen-encoding-unsupported', quantMethod ? 'quantization_config.quant_method' : 'torch_dtype', message));
    blockers.push({ id: `encoding:${defaultEncoding}`, message, source: { path: donor.arch.path, line: donor.arch.encodingsLine, in: donor.arch.variable } });
  }
  return { defaultEncoding, supported, blockers };
}

function uniqueName(name: string): string {
  let candidate = `${name}Port`;
  for (let n = 2; isBuiltinName(candidate); n++) candidate = `${name}Port${n}`;
  return candidate;
}

function requireObject(value: unknown, file: string, where: string): Record<string, unknown> {
  if (!isObject(value)) throw badInput(`${file}: ${where} is not a JSON object`);
  return value;
}

export const warn = (code: string, path: string, message: string): Diagnostic => ({ severity: 'warning', code, path, message });
