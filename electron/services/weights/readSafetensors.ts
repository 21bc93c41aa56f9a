import { badInput } from '../../../shared/errors';
import { estimateHeaderBytes, parseSafetensorsIndex } from '../../../shared/weights/safetensorsIndex';
import { parseSafetensorsHeader } from '../../../shared/weights/safetensorsHeader';
import { mergeTotals, totals } from '../../../shared/weights/components';
import type { WeightsRead } from '../../../shared/weights/report';
import type { TensorTable, WeightFile } from '../../../shared/weights/types';
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
  const parsed = await mapLimit(files, HEADER_REQUESTS_IN_FLIGHT, async (file, i) => {
    const hint = index ? estimateHeaderBytes(index.tensorsPerShard[i], index.nameCharsPerShard[i]) : SINGLE_FILE_GUESS;
    const raw = await headers.readHeader(file, hint);
    const header = parseSafetensorsHeader(raw.json, { file: headers.label(file), fileBytes: raw.fileBytes });
    // Done as each file arrives, while the others are still on their way (a Hub repo's round trips):
    // its totals, and each tensor's index entry (-1: not listed), looked up once.
    const part = totals({ names: header.names, dtypes: header.dtypes, shapes: header.shapes, files: [] });
    const entries = new Int32Array(index ? header.names.length : 0);
    for (let t = 0; t < entries.length; t++) entries[t] = index!.position.get(header.names[t]) ?? -1;
    return { raw, header, part, entries };
  });

  // One concat per column instead of a push per tensor (91,000 at DeepSeek-V3 scale).
  const headerList = parsed.map((p) => p.header);
  const table: TensorTable = {
    names: ([] as string[]).concat(...headerList.map((h) => h.names)),
    dtypes: ([] as string[]).concat(...headerList.map((h) => h.dtypes)),
    shapes: ([] as number[][]).concat(...headerList.map((h) => h.shapes)),
    files: [],
  };
  const fileList: WeightFile[] = [];
  const warnings: string[] = [];
  // Each tensor's row, found through the index's own name lookup (no second 91,000-name map):
  // rowOfEntry for the tensors the index lists, `unlisted` for the others.
  const rowOfEntry = new Int32Array(index ? index.tensorNames.length : 0).fill(-1);
  const unlisted = new Map<string, number>();
  let row = 0;
  parsed.forEach(({ raw, header, entries }, f) => {
    fileList.push({ name: files[f], bytes: raw.fileBytes, headerBytes: header.headerBytes, tensorCount: header.names.length });
    for (let t = 0; t < header.names.length; t++) {
      const name = header.names[t];
      const entry = index && entries[t] >= 0 ? entries[t] : undefined;
      const before = entry === undefined ? unlisted.get(name) : rowOfEntry[entry] < 0 ? undefined : rowOfEntry[entry];
      if (before !== undefined) throw badInput(`${headers.label(files[f])}: tensor ${JSON.stringify(name)} is also in ${files[table.files[before]]}`);
      if (entry === undefined) unlisted.set(name, row);
      else rowOfEntry[entry] = row;
      table.files.push(f);
      row++;
    }
  });

  if (index) {
    const indexLabel = headers.label(layout.index!.file);
    const { tensorNames, tensorShards } = index;
    for (let i = 0; i < tensorNames.length; i++) {
      const at = rowOfEntry[i];
      const shard = index.shards[tensorShards[i]];
      if (at < 0) throw badInput(`${indexLabel}: weight_map[${JSON.stringify(tensorNames[i])}] names ${shard}, whose header has no such tensor`);
      if (table.files[at] !== tensorShards[i]) throw badInput(`${indexLabel}: weight_map[${JSON.stringify(tensorNames[i])}] names ${shard}, but the tensor is in ${files[table.files[at]]}`);
    }
    if (unlisted.size > 0) warnings.push(`${unlisted.size} tensors in the shards are not listed in ${layout.index!.file}: transformers will not load them`);
  }
  const byName = {
    get(name: string): number | undefined {
      const entry = index?.position.get(name);
      return entry === undefined ? unlisted.get(name) : rowOfEntry[entry];
    },
  };
  return { source, format: 'safetensors', files: fileList, tensors: table, byName, totals: mergeTotals(parsed.map((p) => p.part)), metadata: parsed[0]?.header.metadata ?? {}, warnings };
}
