/**
 * RoPE as transformers reads it: legacy `rope_scaling` + `rope_theta` (v4) or `rope_parameters`
 * (v5, possibly one dict per layer type), with the per-model-type defaults and legacy type names.
 */
import { modelTypesCommon, ropeLegacy, ropeTypes } from './kb';
import { isNumber, isObject, type JsonObject, type Scope } from './effective';
import type { FieldOrigin, JsonValue } from './types';

export interface RopeLayer {
  type: string;
  theta: number | null;
  thetaOrigin: FieldOrigin;
  params: JsonObject;
}

export interface RopeInfo {
  /** null when the model has no RoPE (ALiBi, learned or relative positions) or nothing says. */
  type: string | null;
  /** As written, before legacy names were mapped (e.g. 'su', 'mrope'). */
  writtenType: string | null;
  theta: number | null;
  thetaOrigin: FieldOrigin;
  params: JsonObject;
  /** Path of the dict the type came from ('' when none). */
  path: string;
  /** Path of the key naming the type (e.g. rope_scaling.type), or the dict's path when the type is implied. */
  typePath: string;
  format: 'v4' | 'v5' | 'none';
  /** Per layer type (gemma3, v5 nested rope_parameters); null for one shared RoPE. */
  perLayer: Record<string, RopeLayer> | null;
  /** Required keys missing after transformers' defaults (a KeyError in transformers). */
  missingKeys: string[];
  /** Type not known to transformers' rope validation. */
  unknownType: boolean;
  partialRotaryFactor: number | null;
  partialRotaryOrigin: FieldOrigin | null;
}

const LAYER_TYPES = new Set(modelTypesCommon.layerTypes);

export function readRope(scope: Scope): RopeInfo {
  const raw = scope.raw;
  const kb = scope.kb;
  const v5 = isObject(raw.rope_parameters) ? (raw.rope_parameters as JsonObject) : null;
  const v4 = isObject(raw.rope_scaling) ? (raw.rope_scaling as JsonObject) : null;
  const nested = v5 && Object.keys(v5).length > 0 && Object.keys(v5).every((k) => LAYER_TYPES.has(k)) ? v5 : null;
  const partial = partialRotary(scope, v5 && !nested ? v5 : v4);

  if (kb?.positions && kb.positions !== 'rope') return none(partial);

  const defaultTheta = kb?.defaultTheta ?? null;
  if (nested || (defaultTheta !== null && typeof defaultTheta === 'object')) {
    return perLayerRope(scope, nested, v4, partial);
  }

  // v5 convert_rope_params_to_dict: rope_parameters = rope_scaling or rope_parameters or {}.
  const dict: JsonObject = v4 ?? v5 ?? (kb?.defaultRope as JsonObject | null) ?? {};
  const path = v4 ? scope.pathOf('rope_scaling') : v5 ? scope.pathOf('rope_parameters') : '';
  const format = v5 && !v4 ? 'v5' : v4 || isNumber(raw.rope_theta) ? 'v4' : 'none';
  const theta = thetaOf(scope, dict, defaultTheta as number | null);
  const hasRopeSignal = v4 || v5 || theta.value !== null || kb?.defaultRope;
  if (!hasRopeSignal) return none(partial);
  const written = str(dict.rope_type) ?? str(dict.type) ?? null;
  const type = canonicalType(written ?? 'default', scope.modelType);
  const params: JsonObject = { ...dict, rope_type: type };
  if (theta.value !== null) params.rope_theta = theta.value;
  fillOriginalMax(scope, type, params);
  return {
    type, writtenType: written, theta: theta.value, thetaOrigin: theta.origin, params, path, format, perLayer: null,
    typePath: !path ? '' : str(dict.rope_type) !== null ? `${path}.rope_type` : str(dict.type) !== null ? `${path}.type` : path,
    missingKeys: missingKeys(type, params), unknownType: !Object.hasOwn(ropeTypes, type),
    partialRotaryFactor: partial.value, partialRotaryOrigin: partial.origin,
  };
}

function perLayerRope(scope: Scope, nested: JsonObject | null, v4: JsonObject | null, partial: { value: number | null; origin: FieldOrigin | null }): RopeInfo {
  const raw = scope.raw;
  const perLayer: Record<string, RopeLayer> = {};
  const defaultTheta = scope.kb?.defaultTheta;
  if (nested) {
    for (const [layerType, d] of Object.entries(nested)) {
      if (!isObject(d)) continue;
      const type = canonicalType(str(d.rope_type) ?? str(d.type) ?? 'default', scope.modelType);
      const params: JsonObject = { ...d, rope_type: type };
      fillOriginalMax(scope, type, params);
      perLayer[layerType] = { type, theta: isNumber(d.rope_theta) ? d.rope_theta : null, thetaOrigin: 'config', params };
    }
  } else if (defaultTheta && typeof defaultTheta === 'object') {
    // Gemma3: full attention gets rope_theta (default global) plus rope_scaling; sliding gets rope_local_base_freq (default local).
    const full = v4 ?? {};
    const type = canonicalType(str(full.rope_type) ?? str(full.type) ?? 'default', scope.modelType);
    const globalTheta = isNumber(raw.rope_theta) ? { v: raw.rope_theta, o: 'config' as const } : { v: defaultTheta.global, o: 'default' as const };
    const localTheta = isNumber(raw.rope_local_base_freq) ? { v: raw.rope_local_base_freq, o: 'config' as const } : { v: defaultTheta.local, o: 'default' as const };
    const fullParams: JsonObject = { ...full, rope_type: type, rope_theta: globalTheta.v };
    fillOriginalMax(scope, type, fullParams);
    perLayer.full_attention = { type, theta: globalTheta.v, thetaOrigin: globalTheta.o, params: fullParams };
    perLayer.sliding_attention = { type: 'default', theta: localTheta.v, thetaOrigin: localTheta.o, params: { rope_type: 'default', rope_theta: localTheta.v } };
  }
  const main = perLayer.full_attention ?? Object.values(perLayer)[0] ?? null;
  const missing = Object.values(perLayer).flatMap((l) => missingKeys(l.type, l.params));
  return {
    type: main?.type ?? null, writtenType: main?.type ?? null, theta: main?.theta ?? null, thetaOrigin: main?.thetaOrigin ?? 'default',
    params: main?.params ?? {}, path: nested ? scope.pathOf('rope_parameters') : v4 ? scope.pathOf('rope_scaling') : '',
    typePath: nested ? scope.pathOf('rope_parameters') : v4 ? scope.pathOf('rope_scaling') : '',
    format: nested ? 'v5' : v4 ? 'v4' : 'none', perLayer, missingKeys: [...new Set(missing)],
    unknownType: Object.values(perLayer).some((l) => !Object.hasOwn(ropeTypes, l.type)),
    partialRotaryFactor: partial.value, partialRotaryOrigin: partial.origin,
  };
}

function none(partial: { value: number | null; origin: FieldOrigin | null }): RopeInfo {
  return {
    type: null, writtenType: null, theta: null, thetaOrigin: 'default', params: {}, path: '', typePath: '', format: 'none', perLayer: null,
    missingKeys: [], unknownType: false, partialRotaryFactor: partial.value, partialRotaryOrigin: partial.origin,
  };
}

/** Priority: the rope dict, then config.json's top-level key (or a legacy key), then the class's default_theta. */
function thetaOf(scope: Scope, dict: JsonObject, defaultTheta: number | null): { value: number | null; origin: FieldOrigin } {
  if (isNumber(dict.rope_theta)) return { value: dict.rope_theta, origin: 'config' };
  const field = scope.fields.get('rope_theta');
  if (field && isNumber(field.value)) return { value: field.value, origin: field.origin };
  if (defaultTheta !== null) return { value: defaultTheta, origin: 'default' };
  return { value: null, origin: 'default' };
}

function partialRotary(scope: Scope, dict: JsonObject | null): { value: number | null; origin: FieldOrigin | null } {
  if (dict && isNumber(dict.partial_rotary_factor)) return { value: dict.partial_rotary_factor, origin: 'config' };
  const f = scope.fields.get('partial_rotary_factor');
  if (f && isNumber(f.value)) return { value: f.value, origin: f.origin };
  return { value: null, origin: null };
}

function canonicalType(type: string, modelType: string | null): string {
  const perModel = modelType ? ropeLegacy.legacyAliasesPerModelType[modelType] : undefined;
  if (perModel && Object.hasOwn(perModel, type)) return perModel[type];
  return Object.hasOwn(ropeLegacy.legacyAliases, type) ? ropeLegacy.legacyAliases[type] : type;
}

/** llama3, yarn and longrope default original_max_position_embeddings to max_position_embeddings; a top-level field (Phi3) wins. */
function fillOriginalMax(scope: Scope, type: string, params: JsonObject): void {
  const kb = Object.hasOwn(ropeTypes, type) ? ropeTypes[type] : null;
  if (!kb?.originalMaxDefaultsToMaxPositions) return;
  const top = scope.raw.original_max_position_embeddings;
  if (isNumber(top)) params.original_max_position_embeddings = top;
  else if (!isNumber(params.original_max_position_embeddings)) {
    const maxPos = scope.num('max_position_embeddings');
    if (maxPos !== null) params.original_max_position_embeddings = maxPos;
  }
}

function missingKeys(type: string, params: JsonObject): string[] {
  const kb = Object.hasOwn(ropeTypes, type) ? ropeTypes[type] : null;
  if (!kb) return [];
  return kb.required.filter((k) => k !== 'rope_type' && (params[k] === undefined || params[k] === null));
}

const str = (v: JsonValue | undefined): string | null => (typeof v === 'string' ? v : null);
