import { badInput } from '../errors';
import { dtypeBits } from './dtypes';
import { jsonErrorOffset, utf8ErrorOffset, utf8Length } from './textPositions';

/**
 * Strict reading of one safetensors header, from bytes, with the rules of the reference
 * implementation (huggingface/safetensors `SafeTensors::read_metadata` + `Metadata::validate`):
 * an 8-byte little-endian length, at most 100,000,000 bytes of UTF-8 JSON object, known dtypes,
 * shape × dtype size equal to each tensor's span, spans contiguous from 0 with no gap or overlap,
 * and the last one ending exactly at the end of the file. Every defect is a bad-input error
 * naming the file and the byte offset where it was found.
 */
export const MAX_HEADER_BYTES = 100_000_000;

export interface SafetensorsHeader {
  /** Length of the JSON header (the u64 at byte 0). */
  headerBytes: number;
  names: string[];
  dtypes: string[];
  shapes: number[][];
  /** Elements per tensor. */
  elements: number[];
  /** Byte size of the data section (= the last tensor's end). */
  dataBytes: number;
  metadata: Record<string, string>;
}

export interface HeaderContext {
  /** Name used in messages (a path or a shard name). */
  file: string;
  /** Total file size when known (local files, remote Content-Range); null skips the end check. */
  fileBytes: number | null;
}

/** Reads the header length from the first 8 bytes and checks it against the file size. */
export function readHeaderLength(first8: Uint8Array, ctx: HeaderContext): number {
  if (first8.length < 8) {
    throw badInput(`${ctx.file}: byte 0: ${first8.length} bytes, too short for a safetensors file (it starts with an 8-byte header length)`);
  }
  const view = new DataView(first8.buffer, first8.byteOffset, 8);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const n = high * 2 ** 32 + low;
  if (high >= 2 ** 21 || n > MAX_HEADER_BYTES) {
    throw badInput(`${ctx.file}: byte 0: header length ${high >= 2 ** 21 ? 'above 2^53' : n} exceeds safetensors' limit of ${MAX_HEADER_BYTES} bytes (not a safetensors file, or a corrupt one)`);
  }
  if (n < 2) throw badInput(`${ctx.file}: byte 0: header length ${n} is too small for a JSON object`);
  if (ctx.fileBytes !== null && 8 + n > ctx.fileBytes) {
    throw badInput(`${ctx.file}: byte 0: header length ${n} runs past the end of the file (${ctx.fileBytes} bytes)`);
  }
  return n;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Parses and validates the JSON header (the bytes after the 8-byte length). */
export function parseSafetensorsHeader(json: Uint8Array, ctx: HeaderContext): SafetensorsHeader {
  const at = (textIndex: number, text: string) => 8 + utf8Length(text, textIndex);
  let text: string;
  try {
    text = decoder.decode(json);
  } catch {
    throw badInput(`${ctx.file}: byte ${8 + utf8ErrorOffset(json)}: header is not valid UTF-8`);
  }
  if (text.charCodeAt(0) !== 0x7b /* { */) {
    throw badInput(`${ctx.file}: byte 8: header does not start with '{' (not a safetensors file, or a corrupt one)`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const offset = jsonErrorOffset(text);
    const why = err instanceof Error ? err.message.split(/[\r\n]/)[0] : 'invalid JSON';
    throw badInput(`${ctx.file}: byte ${offset === null ? 8 : at(offset, text)}: header is not valid JSON (${why})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw badInput(`${ctx.file}: byte 8: header is not a JSON object`);
  }
  const entries = raw as Record<string, unknown>;
  const where = (key: string) => {
    const i = text.indexOf(JSON.stringify(key) + ':');
    return i < 0 ? 8 : at(i, text);
  };
  const fail = (key: string, what: string): never => {
    throw badInput(`${ctx.file}: byte ${where(key)}: tensor ${JSON.stringify(key)}: ${what}`);
  };

  const names: string[] = [];
  const dtypes: string[] = [];
  const shapes: number[][] = [];
  const elements: number[] = [];
  const begins: number[] = [];
  const ends: number[] = [];
  let metadata: Record<string, string> = {};

  // Tens of thousands of entries per checkpoint: indexed loops and the last dtype's size reused.
  let lastDtype = '';
  let lastBits: number | undefined;
  const keys = Object.keys(entries);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    const entry = entries[key];
    if (key === '__metadata__') {
      metadata = readMetadata(entry, () => where(key), ctx.file);
      continue;
    }
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) fail(key, 'entry is not an object');
    const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
    if (typeof dtype !== 'string') fail(key, 'dtype is missing or not a string');
    if (dtype !== lastDtype) {
      lastDtype = dtype as string;
      lastBits = dtypeBits(lastDtype);
    }
    const bits = lastBits;
    if (bits === undefined) fail(key, `unknown dtype ${JSON.stringify(dtype)}`);
    if (!Array.isArray(shape)) fail(key, 'shape is missing or not an array');
    const dims = shape as unknown[];
    let count = 1;
    for (let d = 0; d < dims.length; d++) {
      const dim = dims[d];
      if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0) fail(key, `shape ${JSON.stringify(shape)} holds ${JSON.stringify(dim)}, not a non-negative integer`);
      count *= dim as number;
      if (!Number.isSafeInteger(count)) fail(key, `shape ${JSON.stringify(shape)} has too many elements`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2) fail(key, 'data_offsets is missing or not a [begin, end] pair');
    const begin: unknown = (offsets as unknown[])[0];
    const end: unknown = (offsets as unknown[])[1];
    if (typeof begin !== 'number' || typeof end !== 'number' || !Number.isSafeInteger(begin) || !Number.isSafeInteger(end) || begin < 0 || end < begin) {
      fail(key, `data_offsets ${JSON.stringify(offsets)} is not a pair of integers with 0 <= begin <= end`);
    }
    const spanBits = count * (bits as number);
    if (!Number.isSafeInteger(spanBits) || spanBits % 8 !== 0) fail(key, `${count} elements of ${dtype} do not fill whole bytes`);
    if (spanBits / 8 !== (end as number) - (begin as number)) {
      fail(key, `shape ${JSON.stringify(shape)} of ${dtype} needs ${spanBits / 8} bytes but data_offsets ${JSON.stringify(offsets)} span ${(end as number) - (begin as number)}`);
    }
    names.push(key);
    dtypes.push(dtype as string);
    shapes.push(dims as number[]);
    elements.push(count);
    begins.push(begin as number);
    ends.push(end as number);
  }

  const dataBytes = checkContiguous(names, begins, ends, json.length, ctx);
  return { headerBytes: json.length, names, dtypes, shapes, elements, dataBytes, metadata };
}

function readMetadata(value: unknown, where: () => number, file: string): Record<string, string> {
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw badInput(`${file}: byte ${where()}: __metadata__ is not an object of strings`);
  const out: Record<string, string> = Object.create(null); // a "__proto__" key stays a key
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string') throw badInput(`${file}: byte ${where()}: __metadata__[${JSON.stringify(k)}] is not a string`);
    out[k] = v;
  }
  return out;
}

/** Spans must tile the data section from 0 without gap or overlap, ending at the end of the file. */
function checkContiguous(names: string[], begins: number[], ends: number[], headerBytes: number, ctx: HeaderContext): number {
  // Writers list tensors in data order: the (stable) sort is then the identity and is skipped.
  let sorted = true;
  for (let i = 1; i < begins.length && sorted; i++) sorted = begins[i - 1] < begins[i] || (begins[i - 1] === begins[i] && ends[i - 1] <= ends[i]);
  const order = sorted ? null : begins.map((_, i) => i).sort((a, b) => begins[a] - begins[b] || ends[a] - ends[b]);
  const dataStart = 8 + headerBytes;
  let cursor = 0;
  for (let k = 0; k < begins.length; k++) {
    const i = order ? order[k] : k;
    if (begins[i] !== cursor) {
      const what = begins[i] > cursor ? `leaves a gap of ${begins[i] - cursor} bytes after the previous tensor` : `overlaps the previous tensor by ${cursor - begins[i]} bytes`;
      throw badInput(`${ctx.file}: byte ${dataStart + begins[i]}: tensor ${JSON.stringify(names[i])} starts at data offset ${begins[i]} and ${what}`);
    }
    cursor = ends[i];
  }
  if (ctx.fileBytes !== null) {
    const dataBytes = ctx.fileBytes - dataStart;
    if (cursor > dataBytes) {
      throw badInput(`${ctx.file}: byte ${ctx.fileBytes}: tensor data runs to byte ${dataStart + cursor}, past the end of the file (truncated?)`);
    }
    if (cursor < dataBytes) {
      throw badInput(`${ctx.file}: byte ${dataStart + cursor}: ${dataBytes - cursor} bytes after the last tensor's data (safetensors rejects this: MetadataIncompleteBuffer)`);
    }
  }
  return cursor;
}
