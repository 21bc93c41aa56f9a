import { badInput } from '../../../shared/errors';
import { entriesByShard, joinShardByOrder, sortedNameIndex } from '../../../shared/weights/indexJoin';
import { estimateHeaderBytes, indexPositions, parseSafetensorsIndex, type SafetensorsIndex } from '../../../shared/weights/safetensorsIndex';
import { parseSafetensorsHeader } from '../../../shared/weights/safetensorsHeader';
import { mergeTotals, totals } from '../../../shared/weights/components';
import type { WeightsRead } from '../../../shared/weights/report';
import type { NameIndex, TensorTable, WeightFile } from '../../../shared/weights/types';
import { mapLimit, type HeaderSource } from './headerSource';

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

/** Reads and validates every header of a safetensors checkpoint into one tensor table. */
export async function readSafetensors(source: string, headers: HeaderSource, layout: SafetensorsLayout): Promise<WeightsRead> {
  const index = layout.index ? parseSafetensorsIndex(layout.index.text, headers.label(layout.index.file)) : null;
  const files = index ? index.shards : layout.files ?? [];
  if (index) {
    for (const shard of index.shards) {
      if (!layout.present.has(shard)) throw badInput(`${headers.label(layout.index!.file)}: weight_map names shard ${shard}, which is not in the checkpoint`);
    }
  }
  // Joined by order as each file arrives, while the others are still on their way (a Hub repo's
  // round trips); a checkpoint that does not join that way is joined through the index's name map.
  const byShard = index?.ascending ? entriesByShard(index) : null;
  const parsed = await mapLimit(files, HEADER_REQUESTS_IN_FLIGHT, async (file, i) => {
    const hint = index ? estimateHeaderBytes(index.tensorsPerShard[i], index.nameCharsPerShard[i]) : SINGLE_FILE_GUESS;
    const raw = await headers.readHeader(file, hint);
    const header = parseSafetensorsHeader(raw.json, { file: headers.label(file), fileBytes: raw.fileBytes });
    const part = totals({ names: header.names, dtypes: header.dtypes, shapes: header.shapes, files: [] });
    const inFile = byShard ? joinShardByOrder(header.names, index!.tensorNames, byShard[i]) : null;
    return { raw, header, part, inFile };
  });

  // One concat per column instead of a push per tensor (91,000 at DeepSeek-V3 scale).
  const headerList = parsed.map((p) => p.header);
  const table: TensorTable = {
    names: ([] as string[]).concat(...headerList.map((h) => h.names)),
    dtypes: ([] as string[]).concat(...headerList.map((h) => h.dtypes)),
    shapes: ([] as number[][]).concat(...headerList.map((h) => h.shapes)),
    files: [],
  };
  const fileList: WeightFile[] = parsed.map(({ raw, header }, f) => ({ name: files[f], bytes: raw.fileBytes, headerBytes: header.headerBytes, tensorCount: header.names.length }));
  const joined =
    index && byShard && parsed.every((p) => p.inFile)
      ? joinedByOrder(index, byShard, parsed.map((p) => p.inFile!), table)
      : joinByName(index, parsed.map((p) => p.header.names), table, {
          file: (f) => files[f],
          label: (f) => headers.label(files[f]),
          index: layout.index ? { file: layout.index.file, label: headers.label(layout.index.file) } : null,
        });
  return {
    source,
    format: 'safetensors',
    files: fileList,
    tensors: table,
    byName: joined.byName,
    totals: mergeTotals(parsed.map((p) => p.part)),
    metadata: parsed[0]?.header.metadata ?? {},
    warnings: joined.warnings,
  };
}

interface Joined {
  byName: NameIndex;
  warnings: string[];
}

/** Every shard joined by order (see indexJoin.ts): each row's file, and names found by binary search over the index. */
function joinedByOrder(index: SafetensorsIndex, byShard: readonly Int32Array[], inFile: readonly number[][], table: TensorTable): Joined {
  const rowOfEntry = new Int32Array(index.tensorNames.length);
  let first = 0;
  inFile.forEach((positions, f) => {
    const entries = byShard[f];
    for (let k = 0; k < positions.length; k++) rowOfEntry[entries[k]] = first + positions[k];
    for (let t = 0; t < positions.length; t++) table.files.push(f);
    first += positions.length;
  });
  return { byName: sortedNameIndex(index.tensorNames, rowOfEntry), warnings: [] };
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
