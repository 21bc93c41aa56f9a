import type { SafetensorsIndex } from './safetensorsIndex';
import type { NameIndex } from './types';

/**
 * The headers joined to an ascending index by order instead of through a map of 90,000 names:
 * a shard's header names, sorted, must be exactly the index's entries for that shard (which an
 * ascending index lists in sorted order). When every shard passes, every header tensor is listed
 * once, under its own shard, and no name is in two shards (it would be listed twice, and an
 * ascending index repeats no name): what the map-based join checks, proven without hashing.
 */

/** The index's entries grouped by shard, each group in index order (so ascending when the index is). */
export function entriesByShard(index: SafetensorsIndex): Int32Array[] {
  const groups = index.tensorsPerShard.map((n) => new Int32Array(n));
  const filled = new Int32Array(groups.length);
  const { tensorShards } = index;
  for (let i = 0; i < tensorShards.length; i++) groups[tensorShards[i]][filled[tensorShards[i]]++] = i;
  return groups;
}

/**
 * For one shard: the header position of each of `entries` (entry `entries[k]` is tensor
 * `result[k]` of the header), or null when the header's names are not exactly those entries.
 * `nameOrder` lists the header's positions in ascending code-unit order of their names.
 */
export function joinShardByOrder(names: readonly string[], nameOrder: readonly number[], tensorNames: readonly string[], entries: Int32Array): readonly number[] | null {
  if (names.length !== entries.length) return null;
  for (let k = 0; k < nameOrder.length; k++) if (names[nameOrder[k]] !== tensorNames[entries[k]]) return null;
  return nameOrder;
}

/** Name → row by binary search over names in strictly ascending order (`rows[i]` is the row of `sorted[i]`). */
export function sortedNameIndex(sorted: readonly string[], rows: Int32Array): NameIndex {
  return {
    get(name) {
      let lo = 0;
      let hi = sorted.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const at = sorted[mid];
        if (at === name) return rows[mid];
        if (at < name) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    },
  };
}
