/**
 * One reader for every logits file the contract names (golden JSON, .npy, .npz, .safetensors, a JSON
 * array of arrays), recognised by its bytes, not its name. Positions come out one at a time, leading
 * dimensions flattened in file order, so memory stays near one position per file whatever the size.
 */
import { badInput } from '../errors';
import { readHeaderLength, parseSafetensorsHeader } from '../weights/safetensorsHeader';
import { ChunkReader, type ByteSource, type ReadDeps } from './byteSource';
import { decodeElements, describeUnusable, ELEMENT_BYTES, elementFromSafetensors, type ElementType } from './elements';
import { JsonLogitsParser } from './jsonLogits';
import { isNpy, npyPreambleLength, parseNpyHeader } from './npy';
import type { LogitsFileInfo, LogitsRow } from './types';
import { isZip, memberDataOffset, readZipDirectory } from './zip';

export interface LogitsReader {
  /** Positions, vocab and shape are final up front for binary formats, after the last row for JSON. */
  readonly info: LogitsFileInfo;
  /** Whether `info` was known before reading (binary formats). */
  readonly sized: boolean;
  /** Prompt texts by prompt index, where the file holds them (golden). */
  readonly promptTexts: (string | null)[];
  /** Whether the file says which prompt each position belongs to (golden, or an array of 3+ dimensions). */
  readonly structured: boolean;
  next(): Promise<LogitsRow | null>;
  close(): Promise<void>;
}

const FORMATS = 'expected MAX golden JSON, .npy, .npz, .safetensors or a JSON array of arrays';

export async function openLogits(source: ByteSource, deps: ReadDeps = {}): Promise<LogitsReader> {
  const file = source.name;
  if (source.size === 0) throw badInput(`${file}: the file is empty`);
  const first = await source.read(0, Math.min(source.size, 16));
  if (isNpy(first)) return openNpy(source);
  if (isZip(first)) return openNpz(source, deps);
  if (looksLikeSafetensors(first, source.size)) return openSafetensors(source);
  let i = first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf ? 3 : 0;
  while (i < first.length && (first[i] === 0x20 || first[i] === 0x0a || first[i] === 0x0d || first[i] === 0x09)) i++;
  if (i === first.length || first[i] === 0x5b || first[i] === 0x7b) return openJson(source);
  throw badInput(`${file}: byte 0: not a logits file (${FORMATS})`);
}

function looksLikeSafetensors(first: Uint8Array, size: number): boolean {
  if (first.length < 9 || first[8] !== 0x7b) return false;
  const view = new DataView(first.buffer, first.byteOffset, first.length);
  const n = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  return n >= 2 && 8 + n <= size;
}

// ---------------------------------------------------------------- arrays of raw elements

interface ArrayLayout {
  type: ElementType;
  littleEndian: boolean;
  shape: number[];
}

function layoutInfo(file: string, format: LogitsFileInfo['format'], dtype: string, layout: ArrayLayout, member?: string): LogitsFileInfo {
  const { shape } = layout;
  if (shape.length === 0) throw badInput(`${file}: the array is a scalar, not logits (expected [positions, vocab])`);
  const vocab = shape[shape.length - 1];
  const positions = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  if (vocab === 0) throw badInput(`${file}: the array's last dimension (the vocabulary) is 0 in shape [${shape.join(', ')}]`);
  if (positions === 0) throw badInput(`${file}: the array holds no positions (shape [${shape.join(', ')}])`);
  return { file, format, dtype, shape, positions, vocab, ...(member ? { member } : {}) };
}

/** Reads `info.positions` rows of `info.vocab` elements from a stream that starts at the data. */
function arrayReader(chunks: ChunkReader, layout: ArrayLayout, info: LogitsFileInfo, onClose?: () => Promise<void>): LogitsReader {
  const width = ELEMENT_BYTES[layout.type];
  const rowBytes = info.vocab * width;
  const perPrompt = layout.shape.length >= 3 ? info.positions / layout.shape[0] : info.positions;
  const values = new Float64Array(info.vocab);
  let index = 0;
  return {
    info,
    sized: true,
    promptTexts: [],
    structured: layout.shape.length >= 3,
    async next() {
      if (index >= info.positions) return null;
      const bytes = await chunks.take(rowBytes);
      if (bytes.length < rowBytes) {
        throw badInput(`${info.file}: position ${index} of ${info.positions}: the data ends ${bytes.length} bytes into it, ${rowBytes} needed (truncated?)`);
      }
      const prompt = Math.floor(index / perPrompt);
      const step = index - prompt * perPrompt;
      const bad = decodeElements(bytes, layout.type, layout.littleEndian, info.vocab, values);
      if (bad >= 0) throw badInput(`${info.file}: position ${index}${layout.shape.length >= 3 ? ` (prompt ${prompt}, step ${step})` : ''}: logits[${bad}] is ${describeUnusable(values[bad])}`);
      return { index: index++, prompt, step, values };
    },
    async close() {
      await chunks.close();
      await onClose?.();
    },
  };
}

function checkDataSize(file: string, info: LogitsFileInfo, layout: ArrayLayout, available: number, where: string): void {
  const needed = info.positions * info.vocab * ELEMENT_BYTES[layout.type];
  if (available < needed) throw badInput(`${file}: ${where}shape [${info.shape.join(', ')}] of ${info.dtype} needs ${needed} bytes of data, the file holds ${available} (truncated?)`);
}

async function openNpy(source: ByteSource): Promise<LogitsReader> {
  const file = source.name;
  const preamble = await source.read(0, Math.min(source.size, 12));
  const total = npyPreambleLength(preamble, file);
  if (total > source.size) throw badInput(`${file}: byte ${source.size}: the .npy header needs ${total} bytes, the file ends first (truncated?)`);
  const header = parseNpyHeader(await source.read(0, total), file);
  const layout = { type: header.type, littleEndian: header.littleEndian, shape: header.shape };
  const info = layoutInfo(file, 'npy', header.type, layout);
  checkDataSize(file, info, layout, source.size - total, '');
  return arrayReader(new ChunkReader(source.stream(total, source.size)), layout, info);
}

async function openNpz(source: ByteSource, deps: ReadDeps): Promise<LogitsReader> {
  const file = source.name;
  const members = await readZipDirectory(source);
  const arrays = members.filter((m) => m.name.endsWith('.npy'));
  const member = arrays.find((m) => m.name === 'logits.npy') ?? (arrays.length === 1 ? arrays[0] : null);
  if (!member) {
    const names = arrays.map((m) => m.name.replace(/\.npy$/, ''));
    throw badInput(`${file}: no "logits" array${names.length ? `; it holds ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', ...' : ''} (name the array "logits")` : ' and no other .npy member'}`);
  }
  const name = member.name.replace(/\.npy$/, '');
  if (member.encrypted) throw badInput(`${file}: ${member.name} is encrypted`);
  if (member.method !== 0 && member.method !== 8) throw badInput(`${file}: ${member.name} is compressed with zip method ${member.method}; numpy writes stored (0) or deflated (8) members`);
  const start = await memberDataOffset(source, member);
  const raw = source.stream(start, start + member.compressedSize);
  if (member.method === 8 && !deps.inflateRaw) throw new Error('deflated .npz members need an inflater');
  const where = `${file}: ${member.name}`;
  const chunks = new ChunkReader(member.method === 8 ? deps.inflateRaw!(raw, where) : raw);
  const head = await chunks.take(10);
  if (head.length < 10 || !isNpy(head)) throw badInput(`${where}: not a .npy array inside the .npz`);
  const extra = head[6] === 1 ? new Uint8Array(0) : await chunks.take(2);
  const lengthBytes = concat(head, extra);
  const total = npyPreambleLength(lengthBytes, where);
  const rest = await chunks.take(total - lengthBytes.length);
  if (rest.length < total - lengthBytes.length) throw badInput(`${where}: the .npy header is cut off (truncated?)`);
  const header = parseNpyHeader(concat(lengthBytes, rest), where);
  const layout = { type: header.type, littleEndian: header.littleEndian, shape: header.shape };
  const info = layoutInfo(file, 'npz', header.type, layout, name);
  checkDataSize(file, info, layout, member.size - total, `${member.name}: `);
  return arrayReader(chunks, layout, info);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

async function openSafetensors(source: ByteSource): Promise<LogitsReader> {
  const file = source.name;
  const ctx = { file, fileBytes: source.size };
  const length = readHeaderLength(await source.read(0, 8), ctx);
  const json = await source.read(8, length);
  const header = parseSafetensorsHeader(json, ctx);
  const at = header.names.includes('logits') ? header.names.indexOf('logits') : header.names.length === 1 ? 0 : -1;
  if (at < 0) {
    throw badInput(`${file}: no "logits" tensor${header.names.length ? `; it holds ${header.names.slice(0, 10).join(', ')}${header.names.length > 10 ? ', ...' : ''} (name the tensor "logits")` : ' (the file holds no tensors)'}`);
  }
  const name = header.names[at];
  const type = elementFromSafetensors(header.dtypes[at]);
  if (!type) throw badInput(`${file}: tensor ${JSON.stringify(name)} is ${header.dtypes[at]}, not a float type the comparison reads (F32, F16, BF16, F64)`);
  // parseSafetensorsHeader validated every span; take this tensor's start from the header itself.
  const entry = (JSON.parse(new TextDecoder().decode(json)) as Record<string, { data_offsets: [number, number] }>)[name];
  const start = 8 + length + entry.data_offsets[0];
  const layout = { type, littleEndian: true, shape: header.shapes[at] };
  const info = layoutInfo(file, 'safetensors', header.dtypes[at], layout, header.names.length > 1 ? name : undefined);
  return arrayReader(new ChunkReader(source.stream(start, 8 + length + entry.data_offsets[1])), layout, info);
}

// ---------------------------------------------------------------- JSON

async function openJson(source: ByteSource): Promise<LogitsReader> {
  const file = source.name;
  const parser = new JsonLogitsParser(file);
  const chunks = new ChunkReader(source.stream(0, source.size));
  const state = parser.state;
  const info: LogitsFileInfo = { file, format: 'json', dtype: 'float64', shape: [], positions: 0, vocab: 0 };
  let ended = false;
  let index = 0;
  // Read until the form is known, so `info.format` and `structured` are right from the start.
  while (state.kind === null && !ended) await pump();
  async function pump(): Promise<void> {
    const chunk = await chunks.nextChunk();
    if (chunk) parser.feed(chunk);
    else {
      parser.end();
      ended = true;
    }
    sync();
  }
  function sync(): void {
    info.format = state.kind ?? 'json';
    info.dtype = state.dtype ?? 'float64';
    info.vocab = state.vocab;
    if (state.logprobs) info.logprobs = true;
    if (ended) {
      info.shape = state.shape;
      info.positions = index;
    }
  }
  return {
    info,
    sized: false,
    promptTexts: state.prompts,
    get structured() {
      return state.kind === 'golden-json' || state.rowDepth >= 3;
    },
    async next() {
      while (!parser.rows.length && !ended) await pump();
      const row = parser.rows.shift();
      if (!row) {
        sync();
        return null;
      }
      return { index: index++, prompt: row.prompt, step: row.step, values: row.values, ...(row.nextToken !== undefined ? { nextToken: row.nextToken } : {}) };
    },
    close: () => chunks.close(),
  };
}
