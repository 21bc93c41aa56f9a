import { BringupError, badInput } from '../../../shared/errors';
import { dtypeBits } from '../../../shared/weights/dtypes';
import type { WeightsRead } from '../../../shared/weights/report';
import type { TensorTable } from '../../../shared/weights/types';

export interface GgufLocation {
  /** Local path, or an https URL on the Hub. */
  uri: string;
  /** The file name shown in the report. */
  name: string;
  /** File size, when known (local files, the Hub's file list). */
  fileBytes: number | null;
  fetch?: typeof fetch;
  token?: string;
}

/**
 * Reads a GGUF file's header through @huggingface/gguf (range reads, never the tensor data).
 * Shapes are turned into row-major order (GGUF stores ggml's ne0-first order).
 */
export async function readGguf(source: string, loc: GgufLocation): Promise<WeightsRead> {
  // Loaded on demand: the library (and @huggingface/tasks) cost ~100 ms of start-up for safetensors users.
  const { GGMLQuantizationType, gguf } = await import('@huggingface/gguf');
  let parsed;
  try {
    parsed = await gguf(loc.uri, {
      allowLocalFile: !/^https?:\/\//.test(loc.uri),
      fetch: loc.fetch,
      additionalFetchHeaders: loc.token ? { Authorization: `Bearer ${loc.token}` } : undefined,
    });
  } catch (err) {
    if (err instanceof BringupError) throw err;
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw badInput(`${loc.name}: not a readable GGUF header (${why})`);
  }
  const table: TensorTable = { names: [], dtypes: [], shapes: [], files: [] };
  const dataStart = Number(parsed.tensorDataOffset);
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed.metadata)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') metadata[k] = String(v);
    else if (Array.isArray(v)) metadata[k] = `[${v.length} values]`;
  }
  const bytes: (number | undefined)[] = [];
  for (const info of parsed.tensorInfos) {
    const shape = info.shape.map(Number).reverse();
    const dtype = GGMLQuantizationType[info.dtype] ?? `GGML_${info.dtype}`;
    const start = dataStart + Number(info.offset);
    const elements = shape.reduce((a, b) => a * b, 1);
    // Plain types have a fixed element size (same names as safetensors'); block types are not sized here.
    const bits = dtypeBits(dtype);
    const size = bits === undefined ? undefined : (elements * bits) / 8;
    if (loc.fileBytes !== null && elements > 0 && (start >= loc.fileBytes || (size !== undefined && start + size > loc.fileBytes))) {
      throw badInput(`${loc.name}: byte ${start}: tensor ${JSON.stringify(info.name)} data runs past the end of the file (${loc.fileBytes} bytes; truncated or header-only file)`);
    }
    table.names.push(info.name);
    table.dtypes.push(dtype);
    table.shapes.push(shape);
    table.files.push(0);
    bytes.push(size);
  }
  return {
    source,
    format: 'gguf',
    files: [{ name: loc.name, bytes: loc.fileBytes ?? 0, headerBytes: dataStart, tensorCount: table.names.length }],
    tensors: table,
    metadata,
    warnings: [],
    bytesOf: (i) => bytes[i],
  };
}
