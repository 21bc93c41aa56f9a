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
  /** Positions of `names` in ascending code-unit order (for a join by order with a sorted index). */
  nameOrder: number[];
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

/** A header's entries as read, shapes and spans well-formed, before dtypes and span sizes are checked. */
interface Entries {
  names: string[];
  dtypes: string[];
  shapes: number[][];
  elements: number[];
  begins: number[];
  ends: number[];
  metadata: Record<string, string>;
  /** Positions of `names` in ascending code-unit order. */
  nameOrder: number[];
}

/**
 * Parses and validates the JSON header (the bytes after the 8-byte length). A header as
 * safetensors' writer emits it is scanned directly, without JSON.parse's 90,000 objects (about
 * half the time at DeepSeek-V3 scale); anything the scanner is not sure of goes to JSON.parse and
 * the strict checks, so the result and every error are those of the strict reading.
 */
export function parseSafetensorsHeader(json: Uint8Array, ctx: HeaderContext): SafetensorsHeader {
  return parseHeader(json, ctx, true);
}

/** The reference reading, JSON.parse and nothing else, which the fast one must match (tests compare them). */
export function parseHeaderStrictly(json: Uint8Array, ctx: HeaderContext): SafetensorsHeader {
  return parseHeader(json, ctx, false);
}

function parseHeader(json: Uint8Array, ctx: HeaderContext, scanFirst: boolean): SafetensorsHeader {
  let text: string;
  try {
    text = decoder.decode(json);
  } catch {
    throw badInput(`${ctx.file}: byte ${8 + utf8ErrorOffset(json)}: header is not valid UTF-8`);
  }
  if (text.charCodeAt(0) !== 0x7b /* { */) {
    throw badInput(`${ctx.file}: byte 8: header does not start with '{' (not a safetensors file, or a corrupt one)`);
  }
  const where = (key: string) => {
    const i = text.indexOf(JSON.stringify(key) + ':');
    return i < 0 ? 8 : 8 + utf8Length(text, i);
  };
  const fail = (key: string, what: string): never => {
    throw badInput(`${ctx.file}: byte ${where(key)}: tensor ${JSON.stringify(key)}: ${what}`);
  };
  const entries = (scanFirst ? scanHeader(text) : null) ?? readStrictly(text, ctx.file, where, fail);
  const { names, dtypes, shapes, elements, begins, ends, metadata, nameOrder } = entries;
  checkSpans(entries, fail);
  const dataBytes = checkContiguous(names, begins, ends, json.length, ctx);
  return { headerBytes: json.length, names, dtypes, shapes, elements, dataBytes, metadata, nameOrder };
}

/** The reference reading: JSON.parse, then each entry's dtype, shape and data_offsets in property order. */
function readStrictly(text: string, file: string, where: (key: string) => number, fail: (key: string, what: string) => never): Entries {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const offset = jsonErrorOffset(text);
    const why = err instanceof Error ? err.message.split(/[\r\n]/)[0] : 'invalid JSON';
    throw badInput(`${file}: byte ${offset === null ? 8 : 8 + utf8Length(text, offset)}: header is not valid JSON (${why})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw badInput(`${file}: byte 8: header is not a JSON object`);
  }
  const object = raw as Record<string, unknown>;
  const out: Entries = { names: [], dtypes: [], shapes: [], elements: [], begins: [], ends: [], metadata: {}, nameOrder: [] };
  for (const key of Object.keys(object)) {
    const entry = object[key];
    if (key === '__metadata__') {
      out.metadata = readMetadata(entry, () => where(key), file);
      continue;
    }
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) fail(key, 'entry is not an object');
    const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
    if (typeof dtype !== 'string') fail(key, 'dtype is missing or not a string');
    if (!Array.isArray(shape)) fail(key, 'shape is missing or not an array');
    const dims = shape as unknown[];
    let count = 1;
    for (const dim of dims) {
      if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0) fail(key, `shape ${JSON.stringify(shape)} holds ${JSON.stringify(dim)}, not a non-negative integer`);
      count *= dim as number;
      if (!Number.isSafeInteger(count)) fail(key, `shape ${JSON.stringify(shape)} has too many elements`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2) fail(key, 'data_offsets is missing or not a [begin, end] pair');
    const [begin, end] = offsets as unknown[];
    if (typeof begin !== 'number' || typeof end !== 'number' || !Number.isSafeInteger(begin) || !Number.isSafeInteger(end) || begin < 0 || end < begin) {
      fail(key, `data_offsets ${JSON.stringify(offsets)} is not a pair of integers with 0 <= begin <= end`);
    }
    out.names.push(key);
    out.dtypes.push(dtype as string);
    out.shapes.push(dims as number[]);
    out.elements.push(count);
    out.begins.push(begin as number);
    out.ends.push(end as number);
  }
  out.nameOrder = sortedOrder(out.names);
  return out;
}

/** Each tensor's dtype must be known and its shape must fill its span exactly. */
function checkSpans(entries: Entries, fail: (key: string, what: string) => never): void {
  const { names, dtypes, shapes, elements, begins, ends } = entries;
  // Tens of thousands of entries, in runs of one dtype: the last dtype's size is reused.
  let lastDtype = '';
  let bits: number | undefined;
  for (let k = 0; k < names.length; k++) {
    const dtype = dtypes[k];
    if (dtype !== lastDtype) {
      lastDtype = dtype;
      bits = dtypeBits(dtype);
    }
    if (bits === undefined) fail(names[k], `unknown dtype ${JSON.stringify(dtype)}`);
    const spanBits = elements[k] * (bits as number);
    if (!Number.isSafeInteger(spanBits) || spanBits % 8 !== 0) fail(names[k], `${elements[k]} elements of ${dtype} do not fill whole bytes`);
    if (spanBits / 8 !== ends[k] - begins[k]) {
      fail(names[k], `shape ${JSON.stringify(shapes[k])} of ${dtype} needs ${spanBits / 8} bytes but data_offsets ${JSON.stringify([begins[k], ends[k]])} span ${ends[k] - begins[k]}`);
    }
  }
}

/** Positions of `names` in ascending code-unit order (a plain array: its TimSort runs through a header's few sorted runs). */
function sortedOrder(names: readonly string[]): number[] {
  const order = new Array<number>(names.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
}

// eslint-disable-next-line no-control-regex -- escapes and control characters (and so all whitespace but spaces)
const ESCAPE_OR_CONTROL = /[\\\x00-\x1f]/;
const QUOTE = 0x22;
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * The fast reading, or null to leave the text to the strict one. It accepts only safetensors'
 * own form, `{"__metadata__":{...},"name":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},...}`
 * padded with spaces: no other whitespace, no escape or control character, integers of at most 15
 * digits without a leading zero, no repeated name (JSON.parse keeps the last) and no name that
 * starts with a digit (an array-index key, which Object.keys would list first). It never throws.
 */
export function scanHeader(text: string): Entries | null {
  if (ESCAPE_OR_CONTROL.test(text)) return null;
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x20) end--; // the writer pads the header to 8 bytes
  const out: Entries = { names: [], dtypes: [], shapes: [], elements: [], begins: [], ends: [], metadata: {}, nameOrder: [] };
  const { names, dtypes, shapes, elements, begins, ends } = out;
  const span: number[] = [];
  let lastDtype = '';
  let i = 1;
  if (text.startsWith('"__metadata__":{', i)) {
    out.metadata = Object.create(null) as Record<string, string>; // as readMetadata builds it
    i = scanMetadata(text, i + 16, out.metadata);
    if (i < 0) return null;
    if (text.charCodeAt(i - 1) === CLOSE_BRACE) return i === end ? out : null; // no tensors
  } else if (text.charCodeAt(i) === CLOSE_BRACE) {
    return i + 1 === end ? out : null;
  }
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return null;
    const first = text.charCodeAt(i + 1);
    if (first >= 0x30 && first <= 0x39) return null;
    const nameEnd = text.indexOf('"', i + 1);
    if (nameEnd < 0) return null;
    const name = text.slice(i + 1, nameEnd);
    if (name === '__metadata__') return null;
    i = nameEnd + 1;
    if (!text.startsWith(':{"dtype":"', i)) return null;
    i += 11;
    const dtypeEnd = text.indexOf('"', i);
    if (dtypeEnd < 0) return null;
    // Most entries repeat the previous dtype: compare in place before cutting a new string.
    if (!(dtypeEnd - i === lastDtype.length && text.startsWith(lastDtype, i))) lastDtype = text.slice(i, dtypeEnd);
    i = dtypeEnd;
    if (!text.startsWith('","shape":[', i)) return null;
    const shape: number[] = [];
    i = scanIntegers(text, i + 11, shape);
    if (i < 0 || !text.startsWith(',"data_offsets":[', i)) return null;
    span.length = 0;
    i = scanIntegers(text, i + 17, span);
    if (i < 0 || span.length !== 2 || span[1] < span[0] || text.charCodeAt(i) !== CLOSE_BRACE) return null;
    let count = 1;
    for (let d = 0; d < shape.length && count >= 0; d++) count = Number.isSafeInteger(count * shape[d]) ? count * shape[d] : -1;
    if (count < 0) return null; // too many elements at some dimension: the strict reading says where
    names.push(name);
    dtypes.push(lastDtype);
    shapes.push(shape);
    elements.push(count);
    begins.push(span[0]);
    ends.push(span[1]);
    const c = text.charCodeAt(i + 1);
    i += 2;
    if (c === COMMA) continue;
    if (c === CLOSE_BRACE && i === end) break;
    return null;
  }
  const nameOrder = sortedOrder(names);
  for (let k = 1; k < nameOrder.length; k++) if (!(names[nameOrder[k - 1]] < names[nameOrder[k]])) return null;
  out.nameOrder = nameOrder;
  return out;
}

/**
 * The metadata's plain `"key":"value"` pairs from i (just past its `{`) into `out`; returns the
 * position just past the `,` or `}` that follows the metadata object, or -1.
 */
function scanMetadata(text: string, i: number, out: Record<string, string>): number {
  if (text.charCodeAt(i) === CLOSE_BRACE) i++;
  else {
    for (;;) {
      if (text.charCodeAt(i) !== QUOTE) return -1;
      const keyEnd = text.indexOf('"', i + 1);
      if (keyEnd < 0 || text.charCodeAt(keyEnd + 1) !== 0x3a /* : */ || text.charCodeAt(keyEnd + 2) !== QUOTE) return -1;
      const valueEnd = text.indexOf('"', keyEnd + 3);
      if (valueEnd < 0) return -1;
      const key = text.slice(i + 1, keyEnd);
      if (Object.hasOwn(out, key)) return -1;
      out[key] = text.slice(keyEnd + 3, valueEnd);
      const c = text.charCodeAt(valueEnd + 1);
      i = valueEnd + 2;
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) return -1;
    }
  }
  const c = text.charCodeAt(i);
  return c === COMMA || c === CLOSE_BRACE ? i + 1 : -1;
}

/** The integers of a JSON array from i (just past its `[`) into `out`; returns the position just past its `]`, or -1. */
function scanIntegers(text: string, i: number, out: number[]): number {
  if (text.charCodeAt(i) === CLOSE_BRACKET) return i + 1;
  for (;;) {
    const start = i;
    let value = 0;
    let c = text.charCodeAt(i);
    while (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      c = text.charCodeAt(++i);
    }
    const digits = i - start;
    if (digits === 0 || digits > 15 || (digits > 1 && text.charCodeAt(start) === 0x30)) return -1;
    out.push(value);
    i++;
    if (c === CLOSE_BRACKET) return i;
    if (c !== COMMA) return -1;
  }
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
