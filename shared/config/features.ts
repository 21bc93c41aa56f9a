/**
 * Structural features from resources/kb/features.json and, for structure only the modeling code shows,
 * resources/kb/code-structure.json; plus rope-scaling:<type> and quantized:<method>.
 */
import { codeStructure, featureRules, type FeatureSignal } from './kb';
import { isNumber, type Scopes } from './effective';
import type { QuantInfo } from './quant';
import { quantFeature } from './quant';
import type { RopeInfo } from './rope';
import type { JsonValue } from './types';

export function detectFeatures(scopes: Scopes, rope: RopeInfo, quant: QuantInfo | null): string[] {
  const out: string[] = [];
  const fromCode = new Set(modelTypesOf(scopes).flatMap((t) => codeStructure(t)?.features ?? []));
  for (const rule of featureRules) {
    if (fromCode.has(rule.id) || rule.when.some((group) => group.every((s) => holds(s, scopes, rope)))) out.push(rule.id);
  }
  for (const type of ropeScalingTypes(rope)) out.push(`rope-scaling:${type}`);
  if (quant) out.push(quantFeature(quant.method));
  return out;
}

/** The model types whose code runs the checkpoint: the top level's and the language model's. */
export function modelTypesOf(scopes: Scopes): string[] {
  return [...new Set([scopes.top.modelType, scopes.lm.modelType].filter((t): t is string => t !== null))];
}

function ropeScalingTypes(rope: RopeInfo): string[] {
  const types = rope.perLayer ? Object.values(rope.perLayer).map((l) => l.type) : rope.type ? [rope.type] : [];
  return [...new Set(types.filter((t) => t !== 'default'))];
}

function valueOf(signal: FeatureSignal, scopes: Scopes, rope: RopeInfo, field: string): JsonValue | undefined {
  if (signal.scope === 'top') return scopes.top.raw[field];
  if (field === 'partial_rotary_factor') return rope.partialRotaryFactor ?? undefined;
  return scopes.lm.get(field);
}

function holds(s: FeatureSignal, scopes: Scopes, rope: RopeInfo): boolean {
  switch (s.kind) {
    case 'modelType':
      return modelTypesOf(scopes).some((t) => (s.modelTypes ?? []).includes(t));
    case 'layerTypes': {
      const lt = scopes.lm.get('layer_types');
      return Array.isArray(lt) && lt.includes(s.value as JsonValue);
    }
    default:
      break;
  }
  const v = valueOf(s, scopes, rope, s.field!);
  switch (s.kind) {
    case 'truthy':
      return truthy(v);
    case 'positive':
      return isNumber(v) && v > 0;
    case 'notEqual':
      return v !== undefined && v !== null && v !== s.value;
    case 'compare': {
      const right = s.otherField !== undefined ? valueOf(s, scopes, rope, s.otherField) : s.value;
      return isNumber(v) && isNumber(right) && compare(v, s.op!, right);
    }
    default:
      return false;
  }
}

function truthy(v: JsonValue | undefined): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case '<': return a < b;
    case '>': return a > b;
    case '<=': return a <= b;
    case '>=': return a >= b;
    default: return a === b;
  }
}
