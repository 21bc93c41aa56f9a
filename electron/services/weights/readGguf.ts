// fs.promises, not node:fs/promises: it then loads on first use (5 ms that reading safetensors need not pay).
import { promises as fsp } from 'node:fs';
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
  const remote = /^https?:\/\//.test(loc.uri);
  if (!remote) await checkLocalHeader(loc.uri, loc.name);
  let parsed;
  try {
    parsed = await gguf(loc.uri, {
      allowLocalFile: !remote,
      fetch: remote ? checkingFirstChunk(loc.fetch ?? fetch, loc.fileBytes, loc.name) : loc.fetch,
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

/**
 * @huggingface/gguf reads past the end of a short file as zeros, so a 129-byte file that declares
 * six million tensors spins for seconds before failing on a 50 MB buffer. Every tensor entry takes
 * at least 20 bytes and every metadata entry 9 (version 1's u32 lengths; later versions need more),
 * so counts the file cannot hold are refused before the library starts.
 */
function checkDeclaredCounts(head: Uint8Array, fileBytes: number, name: string): void {
  if (head.length < 8 || String.fromCharCode(...head.subarray(0, 4)) !== 'GGUF') return; // the library says what it is not
  const padded = new Uint8Array(24); // past the end, the library reads zeros: so do the counts here
  padded.set(head.subarray(0, 24));
  const view = new DataView(padded.buffer);
  const little = (view.getUint32(4, true) & 0xffff) !== 0; // the library's byte-order rule
  const [tensors, kvs] = view.getUint32(4, little) === 1
    ? [BigInt(view.getUint32(8, little)), BigInt(view.getUint32(12, little))]
    : [view.getBigUint64(8, little), view.getBigUint64(16, little)];
  if (16n + tensors * 20n + kvs * 9n > BigInt(fileBytes)) {
    throw badInput(`${name}: byte 8: the header declares ${tensors} tensors and ${kvs} metadata entries, more than its ${fileBytes} bytes can hold (truncated or corrupt)`);
  }
}

async function checkLocalHeader(path: string, name: string): Promise<void> {
  const handle = await fsp.open(path, 'r').catch(() => null);
  if (!handle) return; // the library reports the unreadable file
  try {
    const head = new Uint8Array(24);
    const { bytesRead } = await handle.read(head, 0, 24, 0);
    checkDeclaredCounts(head.subarray(0, bytesRead), (await handle.stat()).size, name);
  } finally {
    await handle.close();
  }
}

/** The same check on a remote file, on the first range the library fetches (no extra request). */
function checkingFirstChunk(base: typeof fetch, fileBytes: number | null, name: string): typeof fetch {
  let first = true;
  return async (input, init) => {
    const response = await base(input, init);
    if (!first) return response;
    first = false;
    const body = new Uint8Array(await response.arrayBuffer());
    const total = fileBytes ?? Number(/\/(\d+)\s*$/.exec(response.headers.get('content-range') ?? '')?.[1] ?? NaN);
    if (Number.isSafeInteger(total)) checkDeclaredCounts(body, total, name);
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
