/** Which quantization the checkpoint uses, from config.json (or text_config) and the file list. */
import { quantization } from './kb';
import { isObject, type JsonObject, type Scopes } from './effective';

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
      return { method, path: scope.prefix + 'quantization_config', config: qc, fromFile: false };
    }
    // MLX writes a top-level `quantization` with bits / group_size / mode.
    const mlx = scope.raw.quantization;
    if (isObject(mlx) && mlxLike(mlx)) return { method: 'mlx', path: scope.prefix + 'quantization', config: mlx, fromFile: false };
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
