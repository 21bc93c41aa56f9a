/**
 * The effective config: every field with the value transformers would use and where it came from
 * (config.json, the class default, or derived), after attribute_map aliases, legacy keys and the
 * per-model-type derivations of resources/kb/model-types.json.
 */
import { knownAliases, modelTypeKb, modelTypesCommon, textConfigRules, type ModelTypeKb } from './kb';
import type { FieldOrigin, JsonValue } from './types';

export interface EffectiveField {
  value: JsonValue;
  origin: FieldOrigin;
  /** Dotted path in config.json where the value is (or would be) written. */
  path: string;
  /** Why the value is what it is, for default and derived values (empty for plain config values). */
  note: string;
}

export type JsonObject = { [key: string]: JsonValue };

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const RANK: Record<FieldOrigin, number> = { config: 3, derived: 2, default: 1 };

/** One config scope (the top level, or the language model's text_config) with its effective fields. */
export class Scope {
  readonly fields = new Map<string, EffectiveField>();
  /** Fields that took a value through an alias or legacy key: canonical -> the key written. */
  readonly aliasOf = new Map<string, string>();
  /** Keys of `raw` written elsewhere than at prefix + key: language-model fields taken from the top level. */
  readonly paths = new Map<string, string>();
  /** True when aliases came from other model types because this one is not in the KB. */
  usedForeignAliases = false;

  constructor(
    /** What the config reads at this scope: the object written here, plus any fields taken from the top level. */
    readonly raw: JsonObject,
    readonly kb: ModelTypeKb | null,
    readonly prefix: string,
    readonly modelType: string | null,
    /** The object written at this scope in config.json (what its fields list shows). */
    readonly own: JsonObject = raw,
  ) {}

  /** Dotted path in config.json where a key of `raw` is written. */
  pathOf(key: string): string {
    return this.paths.get(key) ?? this.prefix + key;
  }

  get(name: string): JsonValue | undefined {
    return this.fields.get(name)?.value;
  }
  num(name: string): number | null {
    const v = this.get(name);
    return isNumber(v) ? v : null;
  }
  str(name: string): string | null {
    const v = this.get(name);
    return typeof v === 'string' ? v : null;
  }
  /** Sets a value unless one of higher precedence (config > derived > default) is already there. */
  set(name: string, value: JsonValue, origin: FieldOrigin, note = '', path = this.pathOf(name)): void {
    const current = this.fields.get(name);
    if (current && RANK[current.origin] > RANK[origin]) return;
    this.fields.set(name, { value, origin, path, note });
  }
  /** Overrides whatever is there (for derivations transformers always applies). */
  force(name: string, value: JsonValue, origin: FieldOrigin, note: string): void {
    const path = this.fields.get(name)?.path ?? this.pathOf(name);
    this.fields.set(name, { value, origin, path, note });
  }
}

type SubConfigKb = NonNullable<ModelTypeKb['textConfig']>;

/** A parent's sub-config description (e.g. Qwen2VLTextConfig) as a model-type entry of its own. */
function subConfigKb(sub: SubConfigKb, modelType: string | null): ModelTypeKb {
  return {
    modelType: sub.modelType ?? modelType ?? '', class: sub.class ?? 'text config', source: {}, attributeMap: {}, defaults: sub.defaults,
    nullFallback: sub.nullFallback ?? {}, defaultTheta: null, activationField: sub.activationField ?? null, defaultRope: null,
    textConfig: null, hasVisionConfig: false, slidingWindowGate: sub.slidingWindowGate, notes: '',
  };
}

/**
 * A scope over the object written at `prefix`; `fromTop` adds top-level keys the object lacks (read as
 * written config values, with their top-level paths) for the language model of a composite config.
 */
export function buildScope(written: JsonObject, prefix: string, modelType: string | null, sub?: SubConfigKb, fromTop: JsonObject = {}): Scope {
  const ownKb = modelTypeKb(modelType);
  const kb = ownKb ?? (sub && Object.keys(sub.defaults).length > 0 ? subConfigKb(sub, modelType) : null);
  const raw = Object.keys(fromTop).length ? { ...fromTop, ...written } : written;
  const scope = new Scope(raw, kb, prefix, modelType ?? kb?.modelType ?? null, written);
  for (const key of Object.keys(fromTop)) if (!Object.hasOwn(written, key)) scope.paths.set(key, key);
  for (const [key, value] of Object.entries(raw)) {
    scope.set(key, value, 'config', scope.paths.has(key) ? `read from the top level (${prefix.slice(0, -1)} does not set it)` : '');
  }
  applyAliases(scope, 'config');
  for (const [key, value] of Object.entries(kb?.defaults ?? {})) {
    if (!scope.fields.has(key)) scope.set(key, value, 'default', `${kb!.class} default`);
  }
  applyAliases(scope, 'default');
  applyDerivations(scope);
  return scope;
}

function applyAliases(scope: Scope, origin: FieldOrigin): void {
  const kb = scope.kb;
  const pairs: [string, string][] = [];
  if (kb) {
    for (const [alias, stored] of Object.entries(kb.attributeMap)) pairs.push([alias, stored], [stored, alias]);
    for (const [legacy, canonical] of Object.entries(kb.legacyKeys ?? {})) pairs.push([legacy, canonical]);
  } else {
    // Unknown model type: the alias names other model types use (n_embd, d_model, ...), said so in a diagnostic.
    for (const [alias, canonical] of Object.entries(knownAliases)) pairs.push([alias, canonical]);
  }
  for (const [from, to] of pairs) {
    const src = scope.fields.get(from);
    if (!src || src.origin !== origin || scope.fields.has(to)) continue;
    scope.fields.set(to, { value: src.value, origin: src.origin === 'config' ? 'config' : 'default', path: src.path, note: `read from '${from}' (alias of ${to})` });
    scope.aliasOf.set(to, from);
    if (!kb) scope.usedForeignAliases = true;
  }
}

function applyDerivations(scope: Scope): void {
  const kb = scope.kb;
  // Fields that fall back to another when null (num_key_value_heads -> num_attention_heads, ...).
  for (const [field, fallback] of Object.entries(kb?.nullFallback ?? {})) {
    const cur = scope.get(field);
    const other = scope.get(fallback);
    if ((cur === undefined || cur === null) && other !== undefined && other !== null) {
      scope.force(field, other, 'derived', `${field} is ${cur === null ? 'null' : 'not set'}: transformers uses ${fallback}`);
    }
  }
  deriveKvHeads(scope);
  deriveHeadDim(scope);
  gateSlidingWindow(scope);
  deriveActivation(scope);
}

function deriveKvHeads(scope: Scope): void {
  const cur = scope.get('num_key_value_heads');
  if (cur !== undefined && cur !== null) return;
  if (scope.raw.multi_query === true) {
    // Multi-query attention shares one K/V head (read-model-config: "num_key_value_heads below num_attention_heads, or multi_query").
    scope.force('num_key_value_heads', 1, 'derived', 'multi_query is true: one KV head');
    return;
  }
  const heads = scope.num('num_attention_heads');
  // A known config class without a KV-heads field has plain multi-head attention; for unknown model types it stays unknown.
  if (heads !== null && scope.kb && !Object.hasOwn(scope.kb.defaults, 'num_key_value_heads') && !scope.kb.nullFallback.num_key_value_heads) {
    scope.force('num_key_value_heads', heads, 'derived', `${scope.kb.class} has no KV-heads field: K and V have num_attention_heads heads`);
  }
}

function deriveHeadDim(scope: Scope): void {
  const rule = scope.kb?.headDim;
  const hidden = scope.num('hidden_size');
  const heads = scope.num('num_attention_heads');
  const divided = hidden !== null && heads !== null && heads > 0 && hidden % heads === 0 ? hidden / heads : null;
  if (rule === 'qk_rope_head_dim') {
    const rope = scope.get('qk_rope_head_dim');
    if (rope !== undefined) scope.force('head_dim', rope, 'derived', `${scope.kb!.class} sets head_dim = qk_rope_head_dim`);
    return;
  }
  if (rule === 'hidden_div_heads') {
    if (divided !== null) scope.force('head_dim', divided, 'derived', `${scope.kb!.class} always uses hidden_size / num_attention_heads`);
    return;
  }
  const cur = scope.get('head_dim');
  if (cur !== undefined && cur !== null) return;
  if (!scope.kb && isNumber(scope.get('kv_lora_rank')) && isNumber(scope.get('qk_rope_head_dim'))) {
    scope.force('head_dim', scope.get('qk_rope_head_dim')!, 'derived', 'MLA fields present: head_dim = qk_rope_head_dim as in deepseek_v2/v3 (this model type is not in the KB)');
    return;
  }
  if (divided !== null) scope.force('head_dim', divided, 'derived', 'hidden_size / num_attention_heads');
}

function gateSlidingWindow(scope: Scope): void {
  const gate = scope.kb?.slidingWindowGate;
  if (!gate || scope.get(gate) === true) return;
  const sw = scope.get('sliding_window');
  if (sw !== undefined && sw !== null) scope.force('sliding_window', null, 'derived', `${gate} is not true: no sliding window`);
}

const ACTIVATION_KEYS = ['hidden_act', 'hidden_activation', 'activation_function'];

function deriveActivation(scope: Scope): void {
  const field = scope.kb?.activationField ?? ACTIVATION_KEYS.find((k) => scope.get(k) !== undefined) ?? null;
  if (!field) return;
  if (field === 'feed_forward_proj') {
    // T5: "feed_forward_proj.split('-')[-1]; special-case 'gated-gelu' -> 'gelu_new'".
    const proj = scope.str('feed_forward_proj');
    if (proj === null) return;
    const act = proj === 'gated-gelu' ? 'gelu_new' : proj.split('-').at(-1)!;
    scope.force('hidden_act', act, 'derived', `from feed_forward_proj '${proj}'`);
    return;
  }
  if (field === 'hidden_act') return;
  const v = scope.fields.get(field);
  if (v) scope.fields.set('hidden_act', { ...v, note: v.origin === 'config' ? `read from '${field}'` : v.note });
}

/** The language-model scope: text_config for wrapped/multimodal checkpoints, else the top level. */
export interface Scopes {
  top: Scope;
  lm: Scope;
  /** How the language model was found: 'self', a key such as 'text_config', 'flat', 'llava' or 'class-default'. */
  lmFrom: string;
  /** Language-model fields text_config lacks, by how transformers treats the top-level value (text-configs.json). */
  topLevel: { applied: string[]; ignored: string[]; assumed: string[] };
}

const TEXT_KEYS = [...modelTypesCommon.textConfigKeys, 'llm_config'];

export function buildScopes(raw: JsonObject): Scopes {
  const topType = typeof raw.model_type === 'string' ? raw.model_type : null;
  const top = buildScope(raw, '', topType);
  const topLevel = { applied: [] as string[], ignored: [] as string[], assumed: [] as string[] };
  const kbText = top.kb?.textConfig ?? null;
  const key = TEXT_KEYS.find((k) => isObject(raw[k]));
  if (key) {
    const sub = raw[key] as JsonObject;
    const subType = typeof sub.model_type === 'string' ? sub.model_type : kbText?.modelType ?? kbText?.defaultModelType ?? null;
    const fromTop = topLevelForLm(raw, sub, topType, top.kb !== null, topLevel);
    const lm = buildScope(sub, `${key}.`, subType, kbText ?? undefined, fromTop);
    return { top, lm, lmFrom: key, topLevel };
  }
  const llava = topType && Object.hasOwn(textConfigRules.legacyLlava.languageModelTypes, topType) ? textConfigRules.legacyLlava.languageModelTypes[topType] : null;
  if (llava && raw[textConfigRules.legacyLlava.signal] !== undefined) {
    // Original LLaVA: the config class subclasses the language model's (LlavaConfig(LlamaConfig)), so the top level is the language model.
    return { top, lm: buildScope(raw, '', llava.modelType), lmFrom: 'llava', topLevel };
  }
  if (kbText?.flat) {
    // Legacy flat Qwen2-VL configs: the text config is built from the top-level keys.
    const lm = buildScope(raw, '', kbText.modelType, kbText);
    return { top, lm, lmFrom: 'flat', topLevel };
  }
  if (kbText && (kbText.modelType || kbText.defaultModelType)) {
    const lm = buildScope({}, 'text_config.', kbText.modelType ?? kbText.defaultModelType ?? null);
    return { top, lm, lmFrom: 'class-default', topLevel };
  }
  return { top, lm: top, lmFrom: 'self', topLevel };
}

/**
 * Top-level keys the language model reads although text_config is written (text-configs.json):
 * tie_word_embeddings always (transformers v5 ties lm_head by the top-level config); the
 * language-model fields text_config lacks when the parent's config class applies them (qwen2_vl,
 * qwen2_5_vl in transformers 4.5x) or when the parent is unknown (assumed, said so). A known parent
 * that builds its text config from text_config alone ignores them (said so too).
 */
function topLevelForLm(raw: JsonObject, sub: JsonObject, topType: string | null, knownParent: boolean, out: Scopes['topLevel']): JsonObject {
  const fromTop: JsonObject = {};
  for (const field of Object.keys(textConfigRules.topLevelForLanguageModel)) {
    if (field === 'tie_word_embeddings' && raw[field] !== undefined && !Object.hasOwn(sub, field)) fromTop[field] = raw[field];
  }
  const applies = topType !== null && Object.hasOwn(textConfigRules.topLevelApplied, topType);
  for (const field of textConfigRules.languageModelFields) {
    const value = raw[field];
    if (!Object.hasOwn(raw, field) || Object.hasOwn(sub, field) || value === undefined) continue;
    if (applies) out.applied.push(field);
    else if (knownParent) out.ignored.push(field);
    else out.assumed.push(field);
    if (applies || !knownParent) fromTop[field] = value;
  }
  return fromTop;
}
