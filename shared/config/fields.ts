/**
 * The per-field view: every field written in config.json with its category and porting note
 * (unknown fields listed, never hidden), plus effective values transformers fills in that the file
 * does not write (origin default or derived), so the editor can show "head_dim = 64 (derived: ...)".
 */
import { fieldNote } from './kb';
import { isObject, type Scope, type Scopes } from './effective';
import type { RopeInfo } from './rope';
import type { FieldCategory, FieldInfo, JsonValue } from './types';

const NESTED_SCOPES = new Set(['text_config', 'llm_config', 'text_encoder', 'decoder', 'generator']);

/** Effective values worth showing when not written: the contract's dimensions and the structural extras. */
export const EFFECTIVE_FIELDS = [
  'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'num_key_value_heads', 'head_dim', 'intermediate_size',
  'vocab_size', 'max_position_embeddings', 'rms_norm_eps', 'hidden_act', 'tie_word_embeddings', 'sliding_window',
  'attention_bias', 'mlp_bias', 'num_experts_per_tok', 'moe_intermediate_size', 'attn_logit_softcapping',
  'final_logit_softcapping', 'query_pre_attn_scalar', 'layer_norm_eps', 'layer_norm_epsilon',
];

export function listFields(scopes: Scopes, rope: RopeInfo): { fields: FieldInfo[]; unknown: string[] } {
  const fields: FieldInfo[] = [];
  const unknown: string[] = [];
  const remote = isObject(scopes.top.raw.auto_map);
  // A flat language model (legacy Qwen2-VL, original LLaVA) is the top level itself: list it once, read as the language model.
  const flat = scopes.lm !== scopes.top && scopes.lm.prefix === '';
  const scopeList = flat ? [scopes.lm] : scopes.lm === scopes.top ? [scopes.top] : [scopes.top, scopes.lm];
  for (const scope of scopeList) {
    for (const [key, value] of Object.entries(scope.own)) {
      const info = describeWritten(scope, key, value, remote);
      if (info.category === 'unknown') unknown.push(info.path);
      fields.push(info);
    }
  }
  for (const name of EFFECTIVE_FIELDS) {
    const f = scopes.lm.fields.get(name);
    if (!f || f.origin === 'config' || f.value === undefined) continue;
    fields.push({ path: f.path, category: categoryOf(name, scopes.lm), value: f.value, origin: f.origin, note: `${f.note || f.origin}: ${noteOf(name)}` });
  }
  if (rope.theta !== null && rope.thetaOrigin !== 'config') {
    fields.push({ path: scopes.lm.pathOf('rope_theta'), category: 'dimension', value: rope.theta, origin: 'default', note: `${scopes.lm.kb?.class ?? 'class'} default_theta: ${noteOf('rope_theta')}` });
  }
  if (rope.partialRotaryFactor !== null && rope.partialRotaryOrigin === 'default' && scopes.lm.raw.partial_rotary_factor === undefined) {
    fields.push({ path: scopes.lm.pathOf('partial_rotary_factor'), category: 'structural', value: rope.partialRotaryFactor, origin: 'default', note: `${scopes.lm.kb?.class ?? 'class'} default: ${noteOf('partial_rotary_factor')}` });
  }
  return { fields, unknown };
}

function describeWritten(scope: Scope, key: string, value: JsonValue, remote: boolean): FieldInfo {
  const path = scope.prefix + key;
  const eff = scope.fields.get(key);
  const known = fieldNote(key);
  if (NESTED_SCOPES.has(key) && isObject(value)) return { path, category: 'macro', value, origin: 'config', note: known?.note ?? 'Nested config of the language model.' };
  if (known) {
    let note = known.note;
    if (eff && eff.origin === 'derived' && eff.value !== value) note += ` Effective: ${JSON.stringify(eff.value)} (${eff.note}).`;
    else if (value === null) note += ' null here: transformers reads None, i.e. not set (the class default does not apply).';
    return { path, category: known.category, value, origin: 'config', note };
  }
  const kbDefault = scope.kb && Object.hasOwn(scope.kb.defaults, key);
  if (kbDefault) {
    return { path, category: 'structural', value, origin: 'config', note: `A ${scope.kb!.class} field (default ${JSON.stringify(scope.kb!.defaults[key])}) with no porting note yet: check how the modeling code uses it.` };
  }
  const why = remote ? 'read the repo\'s remote code (auto_map) to see what it does' : 'read the model\'s code to see what it does';
  return { path, category: 'unknown', value, origin: 'config', note: `Not in the knowledge base: ${why}.` };
}

function categoryOf(name: string, scope: Scope): FieldCategory {
  return fieldNote(name)?.category ?? (scope.kb && Object.hasOwn(scope.kb.defaults, name) ? 'structural' : 'unknown');
}

function noteOf(name: string): string {
  return fieldNote(name)?.note ?? '';
}
