/** Which quantization the checkpoint uses, from config.json (or text_config) and the file list. */
import { quantization, type QuantWeightsKb } from './kb';
import { isObject, type JsonObject, type Scopes } from './effective';
import type { JsonValue, QuantizationSummary } from './types';

export interface QuantInfo {
  method: string;
  /** Where it was found: a config path, or the file name (quantize_config.json). */
  path: string;
  config: JsonObject;
  fromFile: boolean;
}

export function readQuantization(scopes: Scopes, files: readonly string[] | undefined): QuantInfo | null {
  for (const scope of [scopes.top, scopes.lm]) {
    const qc = scope.raw.quantization_config;
    if (isObject(qc)) {
      const method = typeof qc.quant_method === 'string' ? qc.quant_method.toLowerCase() : mlxLike(qc) ? 'mlx' : 'unknown';
      return { method, path: scope.pathOf('quantization_config'), config: qc, fromFile: false };
    }
    // MLX writes a top-level `quantization` with bits / group_size / mode.
    const mlx = scope.raw.quantization;
    if (isObject(mlx) && mlxLike(mlx)) return { method: 'mlx', path: scope.pathOf('quantization'), config: mlx, fromFile: false };
  }
  const qFile = quantization.quantizeConfigJson.file;
  if (files?.some((f) => f === qFile || f.endsWith('/' + qFile))) {
    return { method: quantization.quantizeConfigJson.method, path: qFile, config: {}, fromFile: true };
  }
  return null;
}

const mlxLike = (o: JsonObject): boolean => 'bits' in o || 'group_size' in o || 'mode' in o;

/** The feature name for a method: the KB's, else `quantized:<method>`. */
export function quantFeature(method: string): string {
  return Object.hasOwn(quantization.methods, method) ? quantization.methods[method].feature : `quantized:${method}`;
}

/** How the quantized weights are stored, from quantization.json `methods.*.weights` (unknown stays null). */
export function summarizeQuantization(q: QuantInfo | null): QuantizationSummary | null {
  if (!q) return null;
  const kb = Object.hasOwn(quantization.methods, q.method) ? quantization.methods[q.method].weights : undefined;
  return { method: q.method, path: q.path, weightsDtype: kb ? weightsDtype(kb, q.config) : null, scheme: kb ? scheme(kb, q.config) : null };
}

function weightsDtype(kb: QuantWeightsKb, config: JsonObject): string | null {
  for (const [flag, dtype] of Object.entries(kb.dtypeIf ?? {})) if (at(config, flag) === true) return dtype;
  if (kb.dtypeFrom && (!kb.dtypeFrom.when || at(config, kb.dtypeFrom.when) === true)) {
    const v = at(config, kb.dtypeFrom.path);
    if (typeof v === 'string' && Object.hasOwn(kb.dtypeFrom.map, v)) return kb.dtypeFrom.map[v];
    if (v !== undefined) return null; // written but not a value the KB knows: unknown, not the default
  }
  if (kb.bitsFrom) {
    const bits = at(config, kb.bitsFrom.path);
    const type = kb.bitsFrom.typePath ? at(config, kb.bitsFrom.typePath) : '';
    if (Number.isSafeInteger(bits) && (bits as number) > 0 && typeof type === 'string' && /^\w{0,16}$/.test(type)) {
      return kb.bitsFrom.template.replace('{bits}', String(bits)).replace('{type}', type);
    }
  }
  return kb.dtype ?? null;
}

function scheme(kb: QuantWeightsKb, config: JsonObject): string | null {
  const entry = (kb.scheme ?? []).find((s) => !s.if || isPlain(at(config, s.if)));
  if (!entry) return null;
  let ok = true;
  const text = entry.text.replace(/\{([\w.]+)\}/g, (_, path: string) => {
    const v = at(config, path);
    if (!isPlain(v)) ok = false;
    return Array.isArray(v) ? v.join('×') : String(v);
  });
  return ok ? text : null;
}

/** A value fit to print in one line: a string, a finite number, or a short list of them. */
function isPlain(v: JsonValue | undefined): boolean {
  if (typeof v === 'string') return v.length <= 80;
  if (typeof v === 'number') return Number.isFinite(v);
  return Array.isArray(v) && v.length <= 8 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

function at(config: JsonObject, path: string): JsonValue | undefined {
  let v: JsonValue | undefined = config;
  for (const part of path.split('.')) v = isObject(v) && Object.hasOwn(v, part) ? v[part] : undefined;
  return v;
}
