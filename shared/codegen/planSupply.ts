/**
 * Fields the donor's code reads from the HF config that this checkpoint's AutoConfig does not have:
 * the generated config supplies each with the value transformers gives it (an attribute_map alias,
 * or the analysis' effective value), through a read-only view of the HF config. A field read without
 * a default that no one can supply is a Build-layers blocker naming the read.
 */
import filledKb from '../../resources/kb/codegen/transformers-filled.json';
import { modelTypeKb, modelTypesCommon } from '../config/kb';
import type { ConfigAnalysis } from '../config/types';
import { isObject, stringOrNull } from './checks';
import type { DonorRecord } from './donor';
import type { SourceRead } from './maxSource';
import type { PortBlocker } from './planTodos';

export type Supply =
  | { name: string; how: 'attribute'; from: string; why: string; read: SourceRead }
  | { name: string; how: 'value'; value: number | string | boolean; why: string; read: SourceRead };

/** The activation under any of its transformers names: the analysis' hidden_act is its effective value. */
const ACTIVATION_FIELDS = new Set(['hidden_act', 'hidden_activation', 'activation_function']);
/** Attributes every PretrainedConfig has whatever config.json says. */
const PRETRAINED_ATTRIBUTES = new Set(['model_type', 'architectures', 'name_or_path', '_name_or_path', 'torch_dtype', 'dtype', 'is_encoder_decoder', 'return_dict', 'output_hidden_states', 'output_attentions', 'use_return_dict', 'transformers_version']);

interface SupplyInput {
  donor: DonorRecord;
  analysis: ConfigAnalysis;
  raw: Record<string, unknown>;
  root: Record<string, unknown>;
  pathPrefix: string;
  multimodal: boolean;
  modelType: string | null;
}

export function planSupply(input: SupplyInput): { supplied: Supply[]; blockers: PortBlocker[] } {
  const { donor, analysis, raw, root, pathPrefix, multimodal } = input;
  const languageType = multimodal ? stringOrNull(root.model_type) ?? modelTypeKb(input.modelType)?.textConfig?.modelType ?? null : input.modelType;
  const supplied = new Map<string, Supply>();
  const blockers: PortBlocker[] = [];
  const missing = new Map<string, { read: SourceRead; path: string; kbClass: string | null }>();
  for (const { reads, language } of scopedReads(donor, multimodal)) {
    // A defaulted read decides for the attribute when there is one (its default silently applies); else the strongest direct read.
    const defaulted = reads.find((r) => r.mode === 'default' && r.default && 'literal' in r.default && r.default.literal !== null);
    const read = defaulted ?? reads.reduce((best, r) => (rank(r) > rank(best) ? r : best));
    const name = read.attr;
    const scope = language ? root : raw;
    const kb = modelTypeKb(language ? languageType : input.modelType);
    const path = (language ? pathPrefix : '') + name;
    if (supplied.has(name) || Object.hasOwn(scope, name) || PRETRAINED_ATTRIBUTES.has(name)) continue;
    // Multimodal config classes always build their sub-configs.
    if ((name === 'text_config' || name === 'vision_config' || name === 'llm_config') && analysis.features.includes('multimodal')) continue;
    const has = kb ? transformersHas(kb, name) : 'absent';
    if (has === 'value') continue;
    const alias = kb?.attributeMap?.[name];
    if (has === 'none' && read.mode === 'default') continue;
    if (read.mode === 'default') {
      // A defaulted read of a field this checkpoint keeps under another name silently gives the default (a dense
      // model for Mixtral on qwen3's num_experts): supply it from transformers' alias, else the analysis' value.
      // A default of None is the donor deriving its own value (get_head_dim): left alone.
      const fallback = read.default && 'literal' in read.default ? read.default.literal : undefined;
      if (!language || fallback === undefined || fallback === null) continue;
      if (alias && (Object.hasOwn(scope, alias) || Object.hasOwn(kb!.defaults, alias))) {
        supplied.set(name, { name, how: 'attribute', from: alias, why: `${kb!.class} keeps it as ${alias} (attribute_map); the donor's default ${JSON.stringify(fallback)} would apply where the alias is missing`, read });
        continue;
      }
      const value = effectiveValue(analysis, name);
      if (value !== null && value !== fallback) {
        supplied.set(name, { name, how: 'value', value, why: `config.json has no ${name}; the donor's default ${JSON.stringify(fallback)} would replace the effective value`, read });
      }
      continue;
    }
    // transformers' attribute_map answers a direct read itself (GPT2Config.hidden_size is n_embd).
    if (alias && (Object.hasOwn(scope, alias) || Object.hasOwn(kb!.defaults, alias))) continue;
    const value = language ? effectiveValue(analysis, name) : null;
    if (value !== null) {
      // transformers leaves it None (Mixtral's head_dim) or has no such field: the view gives the effective value.
      const source = !kb ? `config.json has no ${name} and its config class is not in the knowledge base` : has === 'none' ? `transformers' ${kb.class} leaves ${name} None` : `transformers' ${kb.class} has no ${name}`;
      supplied.set(name, { name, how: 'value', value, why: `${source}: the analysis' effective value`, read });
    } else if (read.required && has === 'absent' && !missing.has(path)) {
      missing.set(path, { read, path, kbClass: kb?.class ?? null });
    }
  }
  for (const { read, path, kbClass } of missing.values()) {
    blockers.push({
      id: `config-field:${read.attr}`,
      message: `${donorRead(donor, read)} reads ${path} without a default, and ${kbClass ? `neither config.json nor transformers' ${kbClass} has it` : 'config.json does not have it (its config class is not in the knowledge base)'}: add it to the port's config.json or map it by hand`,
      source: { path: read.path, line: read.line, in: read.in ?? '' },
      configPath: path,
    });
  }
  const list = [...supplied.values()];
  // A donor whose config reads the HF config from pipeline_config itself cannot be handed the view.
  if (list.length && !(donor.config.entry === 'initialize_from_config' && (donor.config.initializeDispatches || !donor.config.entries.initialize))) {
    const entry = donor.config.entries[donor.config.entry];
    for (const s of list) {
      blockers.push({
        id: `config-field:${s.name}`,
        message: `${s.name} must be supplied (${s.why}), but ${entry?.definedIn ?? donor.config.name}.${donor.config.entry} reads the HF config from pipeline_config.model itself: add ${s.name} to the port's config.json`,
        source: { path: entry?.path ?? donor.config.path, line: entry?.line ?? donor.config.line, in: `${entry?.definedIn ?? donor.config.name}.${donor.config.entry}` },
        configPath: pathPrefix + s.name,
      });
    }
  }
  return { supplied: list, blockers };
}

/**
 * What transformers' config class gives the attribute when config.json has none: a value (an __init__
 * default, a field it fills in, a base field), None (a None default it leaves: the attribute exists),
 * or nothing at all (AttributeError on a direct read).
 */
function transformersHas(kb: NonNullable<ReturnType<typeof modelTypeKb>>, name: string): 'value' | 'none' | 'absent' {
  if (name === 'rope_theta' && kb.defaultTheta !== null) return 'value';
  if ((name === 'text_config' && kb.textConfig) || (name === 'vision_config' && kb.hasVisionConfig)) return 'value';
  if (modelTypesCommon.baseFields.includes(name)) return 'value';
  const filled = Object.hasOwn(FILLED, kb.modelType) && Object.hasOwn(FILLED[kb.modelType].fields, name) ? FILLED[kb.modelType].fields[name] : null;
  if (filled?.filled) return 'value';
  if (!Object.hasOwn(kb.defaults, name)) return 'absent';
  return kb.defaults[name] === null ? 'none' : 'value';
}

/**
 * Direct and defaulted reads of top-level attributes, grouped by attribute, with the config they apply
 * to: the language model's (text_config of a multimodal checkpoint) or the top level.
 */
function scopedReads(donor: DonorRecord, multimodal: boolean): Array<{ reads: SourceRead[]; language: boolean }> {
  const out = new Map<string, { reads: SourceRead[]; language: boolean }>();
  const modelReads = donor.model.hfReads.map((r) => ({ ...r, mode: 'direct' as const, required: true, entries: ['model'] }));
  for (const read of [...donor.config.reads, ...modelReads]) {
    let attr = read.attr;
    let language = true;
    if (multimodal && attr.startsWith('text_config.')) attr = attr.slice('text_config.'.length);
    else if (multimodal && !donor.config.receivesLanguageConfig) language = false; // read on the top-level config
    if (attr.includes('.') || attr.startsWith('_')) continue;
    const key = `${language}:${attr}`;
    const group = out.get(key) ?? { reads: [], language };
    group.reads.push({ ...read, attr });
    out.set(key, group);
  }
  return [...out.values()];
}

/** Per model type, the fields transformers fills in itself when config.json leaves them out or null. */
const FILLED = (filledKb as unknown as { modelTypes: Record<string, { fields: Record<string, { filled: boolean }> }> }).modelTypes;

const rank = (read: SourceRead) => (read.required ? 2 : read.mode === 'direct' ? 1 : 0) + (read.entries.includes('model') ? 0 : 0.5);

function effectiveValue(analysis: ConfigAnalysis, name: string): number | string | boolean | null {
  const dims: Record<string, unknown> = isObject(analysis.dimensions) ? analysis.dimensions : {};
  const value = ACTIVATION_FIELDS.has(name) ? dims.hidden_act : Object.hasOwn(dims, name) ? dims[name] : undefined;
  if (typeof value === 'number' && Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value))) return value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return null;
}

const donorRead = (donor: DonorRecord, read: SourceRead) => `${read.in ?? donor.config.name} (${read.path}:${read.line})`;
