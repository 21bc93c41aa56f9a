/**
 * Values of a JSON type the field cannot take (an object where transformers expects a number, a list
 * where it expects a string, null where a size is required, ...), from field-notes.json valueTypes.
 * One finding per JSON path; nothing here stringifies a value, so no input can make it throw.
 */
import { isObject, type JsonObject, type Scopes } from './effective';
import { modelTypesCommon, valueTypes, type JsonTypeName, type ValueType } from './kb';
import type { JsonValue } from './types';

export interface TypeMismatch {
  path: string;
  field: string;
  expected: string;
  got: string;
  /** The config class that declares the type, or null when the model type is not in the knowledge base. */
  owner: string | null;
}

const ROPE_KEYS = ['rope_scaling', 'rope_parameters'];
const LAYER_TYPES = new Set(modelTypesCommon.layerTypes);

export function typeMismatches(scopes: Scopes): TypeMismatch[] {
  const out = new Map<string, TypeMismatch>();
  const add = (m: TypeMismatch | null) => { if (m && !out.has(m.path)) out.set(m.path, m); };
  for (const scope of new Set([scopes.top, scopes.lm])) {
    const owner = scope.kb?.class ?? null;
    for (const [key, value] of Object.entries(scope.own)) {
      const spec = specOf(valueTypes.fields, key);
      add(check(spec, value, scope.pathOf(key), key, spec?.owner ?? owner));
    }
    for (const key of ROPE_KEYS) {
      const dict = scope.own[key];
      if (!isObject(dict)) continue;
      // v5 rope_parameters may hold one dict per layer type ({full_attention: {...}, sliding_attention: {...}}).
      const perLayer = Object.keys(dict).length > 0 && Object.keys(dict).every((k) => LAYER_TYPES.has(k));
      const dicts: [JsonObject, string][] = perLayer
        ? Object.entries(dict).filter((e): e is [string, JsonObject] => isObject(e[1])).map(([k, d]) => [d, `${scope.pathOf(key)}.${k}`])
        : [[dict, scope.pathOf(key)]];
      for (const [d, base] of dicts) nested(d, base, valueTypes.nested.rope, 'RoPE validation (modeling_rope_utils)', add);
    }
    const qc = scope.own.quantization_config;
    if (isObject(qc)) nested(qc, scope.pathOf('quantization_config'), valueTypes.nested.quantization_config, 'quantization config', add);
  }
  return [...out.values()];
}

function nested(dict: JsonObject, base: string, types: Record<string, ValueType>, owner: string, add: (m: TypeMismatch | null) => void): void {
  for (const [key, value] of Object.entries(dict)) add(check(specOf(types, key), value, `${base}.${key}`, key, owner));
}

/** Own entries only: a key such as "constructor" must not find Object.prototype's. */
const specOf = (table: Record<string, ValueType>, key: string): ValueType | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

function check(spec: ValueType | undefined, value: JsonValue, path: string, field: string, owner: string | null): TypeMismatch | null {
  if (!spec) return null;
  const typeOk = spec.type.some((t) => is(value, t));
  const itemsOk = !spec.items || !Array.isArray(value) || value.every((x) => is(x, spec.items!));
  if (typeOk && itemsOk) return null;
  return { path, field, expected: describeType(spec), got: kindOf(value), owner };
}

function is(v: JsonValue, t: JsonTypeName): boolean {
  switch (t) {
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'string': return typeof v === 'string';
    case 'boolean': return typeof v === 'boolean';
    case 'null': return v === null;
    case 'object': return isObject(v);
    case 'array': return Array.isArray(v);
  }
}

const NAMES: Record<JsonTypeName, string> = {
  integer: 'an integer', number: 'a number', string: 'a string', boolean: 'true or false', null: 'null', object: 'an object', array: 'a list',
};
const PLURAL: Record<JsonTypeName, string> = {
  integer: 'integers', number: 'numbers', string: 'strings', boolean: 'booleans', null: 'nulls', object: 'objects', array: 'lists',
};

function describeType(spec: ValueType): string {
  const names = spec.type.map((t) => (t === 'array' && spec.items ? `a list of ${PLURAL[spec.items]}` : NAMES[t]));
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0];
}

/** A short, safe description of any JSON value (never its whole text). */
export function kindOf(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.length > 40 ? `the string ${JSON.stringify(v.slice(0, 40))}…` : `the string ${JSON.stringify(v)}`;
  if (Array.isArray(v)) return `a list of ${v.length} item${v.length === 1 ? '' : 's'}`;
  const n = Object.keys(v).length;
  return `an object with ${n} key${n === 1 ? '' : 's'}`;
}
