import { badInput } from '../../../shared/errors';
import { estimateHeaderBytes, parseSafetensorsIndex } from '../../../shared/weights/safetensorsIndex';
import { parseSafetensorsHeader } from '../../../shared/weights/safetensorsHeader';
import type { WeightsRead } from '../../../shared/weights/report';
import type { TensorTable, WeightFile } from '../../../shared/weights/types';
import { mapLimit, type HeaderSource } from './headerSource';

const PARALLEL = 16;
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
  const parsed = await mapLimit(files, PARALLEL, async (file, i) => {
    const hint = index ? estimateHeaderBytes(index.tensorsPerShard[i], index.nameCharsPerShard[i]) : SINGLE_FILE_GUESS;
    const raw = await headers.readHeader(file, hint);
    return { raw, header: parseSafetensorsHeader(raw.json, { file: headers.label(file), fileBytes: raw.fileBytes }) };
  });

  const table: TensorTable = { names: [], dtypes: [], shapes: [], files: [] };
  const fileList: WeightFile[] = [];
  const where = new Map<string, number>();
  const warnings: string[] = [];
  parsed.forEach(({ raw, header }, f) => {
    fileList.push({ name: files[f], bytes: raw.fileBytes, headerBytes: header.headerBytes, tensorCount: header.names.length });
    for (let t = 0; t < header.names.length; t++) {
      const name = header.names[t];
      const before = where.get(name);
      if (before !== undefined) throw badInput(`${headers.label(files[f])}: tensor ${JSON.stringify(name)} is also in ${files[table.files[before]]}`);
      where.set(name, table.names.length);
      table.names.push(name);
      table.dtypes.push(header.dtypes[t]);
      table.shapes.push(header.shapes[t]);
      table.files.push(f);
    }
  });

  if (index) {
    const indexLabel = headers.label(layout.index!.file);
    const { tensorNames, tensorShards } = index;
    for (let i = 0; i < tensorNames.length; i++) {
      const name = tensorNames[i];
      const row = where.get(name);
      const shard = index.shards[tensorShards[i]];
      if (row === undefined) throw badInput(`${indexLabel}: weight_map[${JSON.stringify(name)}] names ${shard}, whose header has no such tensor`);
      if (table.files[row] !== tensorShards[i]) throw badInput(`${indexLabel}: weight_map[${JSON.stringify(name)}] names ${shard}, but the tensor is in ${files[table.files[row]]}`);
    }
    const unlisted = table.names.length - index.tensorNames.length;
    if (unlisted > 0) warnings.push(`${unlisted} tensors in the shards are not listed in ${layout.index!.file}: transformers will not load them`);
  }
  return { source, format: 'safetensors', files: fileList, tensors: table, byName: where, metadata: parsed[0]?.header.metadata ?? {}, warnings };
}
