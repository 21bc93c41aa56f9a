import { elementsOf } from '@shared/weights/components';
import type { WeightsReport } from '@shared/weights/types';

/**
 * What the table needs beyond the report, computed once per report: lowercased names (for the
 * filter), element counts, natural display order (layers.2 before layers.10), the dtypes present.
 */
export interface TensorIndex {
  names: readonly string[];
  lower: string[];
  dtypes: readonly string[];
  shapes: readonly number[][];
  files: readonly number[];
  params: Float64Array;
  /** Row indices sorted naturally by name. */
  order: Uint32Array;
  /** Position of each row in `order`. */
  position: Uint32Array;
  dtypeList: string[];
  rowOf: Map<string, number>;
}

/** A sort key in which every run of digits is zero-padded, so plain string order is natural order. */
export function naturalKey(name: string): string {
  return name.replace(/\d+/g, (d) => d.padStart(10, '0'));
}

export function buildTensorIndex(tensors: WeightsReport['tensors']): TensorIndex {
  const n = tensors.names.length;
  const lower = new Array<string>(n);
  const params = new Float64Array(n);
  const keys = new Array<string>(n);
  const rowOf = new Map<string, number>();
  const dtypes = new Set<string>();
  for (let i = 0; i < n; i++) {
    const name = tensors.names[i];
    lower[i] = name.toLowerCase();
    keys[i] = naturalKey(name);
    params[i] = elementsOf(tensors.shapes[i]);
    rowOf.set(name, i);
    dtypes.add(tensors.dtypes[i]);
  }
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
  const position = new Uint32Array(n);
  for (let k = 0; k < n; k++) position[order[k]] = k;
  return { names: tensors.names, lower, dtypes: tensors.dtypes, shapes: tensors.shapes, files: tensors.files, params, order, position, dtypeList: [...dtypes].sort(), rowOf };
}

const cache = new WeakMap<WeightsReport['tensors'], TensorIndex>();

/** The index of a report's tensor table, built on first use and kept as long as the report. */
export function tensorIndexOf(tensors: WeightsReport['tensors']): TensorIndex {
  let index = cache.get(tensors);
  if (!index) {
    index = buildTensorIndex(tensors);
    cache.set(tensors, index);
  }
  return index;
}
