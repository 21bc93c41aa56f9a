/**
 * The .npy header (numpy/lib/format.py, versions 1.0–3.0): the magic `\x93NUMPY`, a version, a
 * little-endian header length (2 bytes in 1.0, 4 in 2.0 and 3.0), then a Python dict literal
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (40, 152064), }` padded with spaces to a
 * multiple of 64 bytes and ended by a newline. The data follows, C order unless fortran_order.
 */
import { badInput } from '../errors';
import { elementFromNumpy, type ElementType } from './elements';

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

export interface NpyHeader {
  type: ElementType;
  littleEndian: boolean;
  /** The descr as written ('<f4'). */
  descr: string;
  shape: number[];
  /** Bytes before the data (magic, version, length, dict). */
  dataOffset: number;
}

export function isNpy(first: Uint8Array): boolean {
  return NPY_MAGIC.every((b, i) => first[i] === b);
}

/** How many bytes the header occupies, from its first 12 bytes (enough for every version). */
export function npyPreambleLength(first: Uint8Array, file: string): number {
  if (first.length < 10 || !isNpy(first)) throw badInput(`${file}: byte 0: not a .npy file (no \\x93NUMPY magic)`);
  const major = first[6];
  const view = new DataView(first.buffer, first.byteOffset, first.length);
  if (major === 1) return 10 + view.getUint16(8, true);
  if (major === 2 || major === 3) {
    if (first.length < 12) throw badInput(`${file}: byte 8: the .npy header length is cut off (truncated?)`);
    return 12 + view.getUint32(8, true);
  }
  throw badInput(`${file}: byte 6: .npy format version ${major}.${first[7]} is not one numpy writes (1.0, 2.0, 3.0)`);
}

/** Parses the whole header (`bytes` holds at least npyPreambleLength bytes). */
export function parseNpyHeader(bytes: Uint8Array, file: string): NpyHeader {
  const total = npyPreambleLength(bytes, file);
  if (bytes.length < total) throw badInput(`${file}: byte ${bytes.length}: the .npy header needs ${total} bytes, the file ends first (truncated?)`);
  const start = bytes[6] === 1 ? 10 : 12;
  const text = new TextDecoder(bytes[6] === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, total));
  let dict: unknown;
  try {
    dict = new PyLiteral(text).parse();
  } catch (err) {
    throw badInput(`${file}: byte ${start}: the .npy header is not a Python dict literal (${(err as Error).message})`);
  }
  if (!isRecord(dict)) throw badInput(`${file}: byte ${start}: the .npy header is not a dict`);
  const { descr, fortran_order: fortran, shape } = dict;
  if (typeof descr !== 'string') throw badInput(`${file}: byte ${start}: the .npy header's descr ${JSON.stringify(descr)} is a structured dtype, not an array of floats`);
  const element = elementFromNumpy(descr);
  if (!element) throw badInput(`${file}: byte ${start}: dtype ${JSON.stringify(descr)} is not a float type the comparison reads (float32, float64, float16)`);
  if (typeof fortran !== 'boolean') throw badInput(`${file}: byte ${start}: the .npy header has no fortran_order`);
  if (fortran) throw badInput(`${file}: byte ${start}: the array is stored in Fortran order; save it with np.save(path, np.ascontiguousarray(a))`);
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    throw badInput(`${file}: byte ${start}: the .npy header's shape ${JSON.stringify(shape)} is not a tuple of sizes`);
  }
  return { type: element.type, littleEndian: element.littleEndian, descr, shape: shape as number[], dataOffset: total };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The subset of Python literals numpy writes in a header: dicts, tuples, lists, strings, ints, bools. */
class PyLiteral {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): unknown {
    const v = this.value();
    this.ws();
    if (this.i < this.s.length) throw new Error(`unexpected ${JSON.stringify(this.s[this.i])} at ${this.i}`);
    return v;
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  private value(): unknown {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.dict();
    if (c === '(' || c === '[') return this.seq(c === '(' ? ')' : ']');
    if (c === "'" || c === '"') return this.str();
    const word = /^(True|False|None|-?\d+L?)/.exec(this.s.slice(this.i));
    if (!word) throw new Error(`unexpected ${JSON.stringify(c ?? 'end')} at ${this.i}`);
    this.i += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    return Number(word[0].replace('L', ''));
  }

  private dict(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      const key = this.value();
      this.ws();
      if (this.s[this.i] !== ':') throw new Error(`expected ':' at ${this.i}`);
      this.i++;
      out[String(key)] = this.value();
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') throw new Error(`expected ',' or '}' at ${this.i}`);
    }
  }

  private seq(close: string): unknown[] {
    this.i++;
    const out: unknown[] = [];
    for (;;) {
      this.ws();
      if (this.s[this.i] === close) {
        this.i++;
        return out;
      }
      out.push(this.value());
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== close) throw new Error(`expected ',' or '${close}' at ${this.i}`);
    }
  }

  private str(): string {
    const q = this.s[this.i++];
    let out = '';
    while (this.i < this.s.length && this.s[this.i] !== q) {
      if (this.s[this.i] === '\\') this.i++;
      out += this.s[this.i++];
    }
    if (this.i >= this.s.length) throw new Error('unterminated string');
    this.i++;
    return out;
  }
}
