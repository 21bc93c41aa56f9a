import { badInput } from '../../../shared/errors';
import { entriesByShard, sortedNameIndex } from '../../../shared/weights/indexJoin';
import { estimateHeaderBytes, indexPositions, parseSafetensorsIndex, type SafetensorsIndex } from '../../../shared/weights/safetensorsIndex';
import { mergeTotals } from '../../../shared/weights/components';
import type { WeightsRead } from '../../../shared/weights/report';
import type { NameIndex, TensorTable, WeightFile } from '../../../shared/weights/types';
import { mapLimit, type ShardReads } from './headerSource';

/** Header reads in flight at once (range requests for a Hub repo). */
export const HEADER_REQUESTS_IN_FLIGHT = 16;
/** First guess for a single file without an index: most headers are far smaller. */
const SINGLE_FILE_GUESS = 256 * 1024;

export interface SafetensorsLayout {
  /** `model.safetensors.index.json` and its text, for a sharded checkpoint. */
  index?: { file: string; text: string };
  /** The `.safetensors` files when there is no index. */
  files?: string[];
  /** Files the checkpoint holds (to tell a missing shard from an unreadable one). */
  present: ReadonlySet<string>;
}

export interface ReadOptions {
  /**
   * Called once the table's names are known before its headers: an ascending index (as transformers
   * writes it) gives the table in index order, so the names are the index's. It runs while the
   * header reads are in flight (a Hub repo's round trips), and must not throw.
   */
  onNames?: (names: readonly string[], byName: NameIndex) => Promise<void> | void;
}

/**
 * Reads and validates every header of a safetensors checkpoint into one tensor table: in index
 * order when the index is ascending and every header joins it by order, else in header order.
 */
export async function readSafetensors(source: string, shards: ShardReads, layout: SafetensorsLayout, options: ReadOptions = {}): Promise<WeightsRead> {
  const index = layout.index ? parseSafetensorsIndex(layout.index.text, shards.label(layout.index.file)) : null;
  const files = index ? index.shards : layout.files ?? [];
  if (index) {
    for (const shard of index.shards) {
      if (!layout.present.has(shard)) throw badInput(`${shards.label(layout.index!.file)}: weight_map names shard ${shard}, which is not in the checkpoint`);
    }
  }
  // Joined by order as each file arrives, while the others are still on their way (a Hub repo's
  // round trips), straight into a table in index order; a checkpoint that does not join that way
  // is joined through the index's name map.
  const byShard = index?.ascending ? entriesByShard(index) : null;
  const inOrder = byShard ? { dtypes: new Array<string>(index!.tensorNames.length), shapes: new Array<number[]>(index!.tensorNames.length) } : null;
  const reading = mapLimit(files, HEADER_REQUESTS_IN_FLIGHT, async (file, i) => {
    const hint = index ? estimateHeaderBytes(index.tensorsPerShard[i], index.nameCharsPerShard[i]) : SINGLE_FILE_GUESS;
    const shard = await shards.read(file, hint);
    const joined = inOrder ? shard.joinByOrder(index!.tensorNames, byShard![i], inOrder.dtypes, inOrder.shapes) : false;
    return { shard, joined };
  });
  const byName = index && byShard ? sortedNameIndex(index.tensorNames, identityRows(index.tensorNames.length)) : null;
  if (index && byName && options.onNames) {
    reading.catch(() => undefined); // its error is thrown below, after the hook
    await options.onNames(index.tensorNames, byName);
  }
  const parsed = await reading;

  const fileList: WeightFile[] = parsed.map(({ shard }, f) => ({ name: files[f], bytes: shard.fileBytes, headerBytes: shard.headerBytes, tensorCount: shard.tensorCount }));
  const common = { source, format: 'safetensors' as const, files: fileList, totals: mergeTotals(parsed.map((p) => p.shard.part)), metadata: parsed[0]?.shard.metadata ?? {} };
  if (index && inOrder && byName && parsed.every((p) => p.joined)) {
    // Every shard joined by order, so the table is the index itself, with each header's dtypes and shapes.
    return { ...common, tensors: { names: index.tensorNames, dtypes: inOrder.dtypes, shapes: inOrder.shapes, files: Array.from(index.tensorShards) }, byName, warnings: [] };
  }
  // One concat per column instead of a push per tensor (91,000 at DeepSeek-V3 scale).
  const headerList = parsed.map((p) => p.shard.tensors());
  const table: TensorTable = {
    names: ([] as string[]).concat(...headerList.map((h) => h.names)),
    dtypes: ([] as string[]).concat(...headerList.map((h) => h.dtypes)),
    shapes: ([] as number[][]).concat(...headerList.map((h) => h.shapes)),
    files: [],
  };
  const joined = joinByName(index, headerList.map((h) => h.names), table, {
    file: (f) => files[f],
    label: (f) => shards.label(files[f]),
    index: layout.index ? { file: layout.index.file, label: shards.label(layout.index.file) } : null,
  });
  return { ...common, tensors: table, byName: joined.byName, warnings: joined.warnings };
}

function identityRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

interface Joined {
  byName: NameIndex;
  warnings: string[];
}

interface JoinLabels {
  file(f: number): string;
  label(f: number): string;
  index: { file: string; label: string } | null;
}

/**
 * The general join, for any index and without one: each tensor's row found through the index's
 * name map (`unlisted` for the tensors it does not list), with the errors of a defective checkpoint
 * in the order they are met.
 */
function joinByName(index: SafetensorsIndex | null, namesByFile: readonly string[][], table: TensorTable, labels: JoinLabels): Joined {
  const position = index ? indexPositions(index) : null;
  const rowOfEntry = new Int32Array(index ? index.tensorNames.length : 0).fill(-1);
  const unlisted = new Map<string, number>();
  const warnings: string[] = [];
  let row = 0;
  namesByFile.forEach((names, f) => {
    for (let t = 0; t < names.length; t++) {
      const name = names[t];
      const entry = position?.get(name);
      const before = entry === undefined ? unlisted.get(name) : rowOfEntry[entry] < 0 ? undefined : rowOfEntry[entry];
      if (before !== undefined) throw badInput(`${labels.label(f)}: tensor ${JSON.stringify(name)} is also in ${labels.file(table.files[before])}`);
      if (entry === undefined) unlisted.set(name, row);
      else rowOfEntry[entry] = row;
      table.files.push(f);
      row++;
    }
  });

  if (index && labels.index) {
    const { tensorNames, tensorShards } = index;
    for (let i = 0; i < tensorNames.length; i++) {
      const at = rowOfEntry[i];
      const shard = index.shards[tensorShards[i]];
      if (at < 0) throw badInput(`${labels.index.label}: weight_map[${JSON.stringify(tensorNames[i])}] names ${shard}, whose header has no such tensor`);
      if (table.files[at] !== tensorShards[i]) throw badInput(`${labels.index.label}: weight_map[${JSON.stringify(tensorNames[i])}] names ${shard}, but the tensor is in ${labels.file(table.files[at])}`);
    }
    if (unlisted.size > 0) warnings.push(`${unlisted.size} tensors in the shards are not listed in ${labels.index.file}: transformers will not load them`);
  }
  const byName = {
    get(name: string): number | undefined {
      const entry = position?.get(name);
      return entry === undefined ? unlisted.get(name) : rowOfEntry[entry];
    },
  };
  return { byName, warnings };
}
