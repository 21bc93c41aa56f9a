import { totals, type Totals } from './components';
import { joinShardByOrder } from './indexJoin';
import type { SafetensorsHeader } from './safetensorsHeader';
import type { TensorTable } from './types';

/**
 * One shard's header, read and validated, as the tensor table is built from it: parsed on this
 * thread (`shardReadOf`) or on the header worker and posted packed (`packShard`, `unpackShard`).
 */
export interface ShardRead {
  fileBytes: number;
  headerBytes: number;
  tensorCount: number;
  metadata: Record<string, string>;
  part: Totals;
  /**
   * The join by order with an ascending index (indexJoin.ts): when the header's names, sorted, are
   * exactly the names of `entries`, writes each entry's dtype and shape into `dtypes` and `shapes`
   * (indexed by entry) and returns true.
   */
  joinByOrder(tensorNames: readonly string[], entries: Int32Array, dtypes: string[], shapes: number[][]): boolean;
  /** The tensors in header order, for the join by name. */
  tensors(): Pick<TensorTable, 'names' | 'dtypes' | 'shapes'>;
}

export function shardReadOf(header: SafetensorsHeader, fileBytes: number): ShardRead {
  return {
    fileBytes,
    headerBytes: header.headerBytes,
    tensorCount: header.names.length,
    metadata: header.metadata,
    part: totals({ names: header.names, dtypes: header.dtypes, shapes: header.shapes, files: [] }),
    joinByOrder(tensorNames, entries, dtypes, shapes) {
      const at = joinShardByOrder(header.names, header.nameOrder, tensorNames, entries);
      if (!at) return false;
      for (let k = 0; k < entries.length; k++) {
        dtypes[entries[k]] = header.dtypes[at[k]];
        shapes[entries[k]] = header.shapes[at[k]];
      }
      return true;
    },
    tensors: () => header,
  };
}

/**
 * A shard's header as the header worker posts it, its tensors in ascending name order: the names
 * as one string with their lengths, dtypes and shapes as codes into small tables of the distinct
 * ones (a few hundred shapes for 90,000 tensors). Structured cloning 90,000 separate strings and
 * arrays would cost more than parsing them; these are a few buffers, the typed arrays transferred.
 */
export interface PackedShard {
  fileBytes: number;
  headerBytes: number;
  metadata: Record<string, string>;
  part: Totals;
  sortedNames: string;
  nameLengths: Uint32Array;
  /** Header position of each sorted name. */
  nameOrder: Uint32Array;
  dtypeTable: string[];
  dtypeCodes: Uint16Array;
  shapeTable: number[][];
  shapeCodes: Uint32Array;
}

/** Shapes already in the table that the next tensor most likely repeats. */
const RECENT_SHAPES = 8;

export function packShard(header: SafetensorsHeader, fileBytes: number): { packed: PackedShard; transfer: ArrayBuffer[] } {
  const { names, dtypes, shapes, nameOrder: order } = header;
  const n = names.length;
  const sorted = new Array<string>(n);
  const nameLengths = new Uint32Array(n);
  const nameOrder = new Uint32Array(n);
  const dtypeTable: string[] = [];
  const dtypeCodes = new Uint16Array(n);
  const shapeTable: number[][] = [];
  const shapeCodes = new Uint32Array(n);
  const recent: number[] = []; // codes into shapeTable, most recent first
  let dtypeCode = -1;
  for (let k = 0; k < n; k++) {
    const t = order[k];
    sorted[k] = names[t];
    nameLengths[k] = names[t].length;
    nameOrder[k] = t;
    if (dtypeCode < 0 || dtypeTable[dtypeCode] !== dtypes[t]) {
      dtypeCode = dtypeTable.indexOf(dtypes[t]);
      if (dtypeCode < 0) dtypeCode = dtypeTable.push(dtypes[t]) - 1;
    }
    dtypeCodes[k] = dtypeCode;
    shapeCodes[k] = shapeCode(shapes[t], shapeTable, recent);
  }
  const part = totals({ names, dtypes, shapes, files: [] });
  const packed: PackedShard = { fileBytes, headerBytes: header.headerBytes, metadata: header.metadata, part, sortedNames: sorted.join(''), nameLengths, nameOrder, dtypeTable, dtypeCodes, shapeTable, shapeCodes };
  return { packed, transfer: [nameLengths.buffer, nameOrder.buffer, dtypeCodes.buffer, shapeCodes.buffer] as ArrayBuffer[] };
}

/** The code of `shape` in `table`: one of the recent shapes, a known one, or a new one added. */
function shapeCode(shape: readonly number[], table: number[][], recent: number[]): number {
  const same = (code: number) => {
    const known = table[code];
    if (known.length !== shape.length) return false;
    for (let d = 0; d < shape.length; d++) if (known[d] !== shape[d]) return false;
    return true;
  };
  let at = recent.findIndex(same);
  let code = at >= 0 ? recent[at] : -1;
  if (code < 0) {
    code = table.findIndex((_, c) => same(c));
    if (code < 0) code = table.push([...shape]) - 1;
    at = Math.min(recent.length, RECENT_SHAPES - 1);
  }
  // Move to the front.
  for (let k = at; k > 0; k--) recent[k] = recent[k - 1];
  recent[0] = code;
  return code;
}

/**
 * The shard as the table needs it. Tensors of one shape share one (frozen) array, so that a
 * mutation anywhere fails loudly instead of changing other tensors.
 */
export function unpackShard(p: PackedShard): ShardRead {
  const { sortedNames, nameLengths, dtypeTable, dtypeCodes, shapeTable, shapeCodes } = p;
  const n = nameLengths.length;
  for (const shape of shapeTable) Object.freeze(shape);
  return {
    fileBytes: p.fileBytes,
    headerBytes: p.headerBytes,
    tensorCount: n,
    metadata: p.metadata,
    part: p.part,
    joinByOrder(tensorNames, entries, dtypes, shapes) {
      if (entries.length !== n) return false;
      // The names compared in place in the packed string: no string is cut for them.
      let at = 0;
      for (let k = 0; k < n; k++) {
        const name = tensorNames[entries[k]];
        if (name.length !== nameLengths[k] || !sortedNames.startsWith(name, at)) return false;
        at += name.length;
      }
      for (let k = 0; k < n; k++) {
        dtypes[entries[k]] = dtypeTable[dtypeCodes[k]];
        shapes[entries[k]] = shapeTable[shapeCodes[k]];
      }
      return true;
    },
    tensors() {
      const names = new Array<string>(n);
      const dtypes = new Array<string>(n);
      const shapes = new Array<number[]>(n);
      let nameAt = 0;
      for (let k = 0; k < n; k++) {
        const t = p.nameOrder[k];
        names[t] = sortedNames.slice(nameAt, nameAt + nameLengths[k]);
        nameAt += nameLengths[k];
        dtypes[t] = dtypeTable[dtypeCodes[k]];
        shapes[t] = shapeTable[shapeCodes[k]];
      }
      return { names, dtypes, shapes };
    },
  };
}
