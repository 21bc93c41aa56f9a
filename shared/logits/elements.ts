/**
 * Element types the readers accept, and the conversion of raw little- or big-endian bytes into
 * float64 rows. Every conversion is exact (float32, float16 and bfloat16 are all representable in
 * float64), so the metrics see the file's values bit for bit.
 */
export type ElementType = 'float32' | 'float64' | 'float16' | 'bfloat16';

export const ELEMENT_BYTES: Record<ElementType, number> = { float32: 4, float64: 8, float16: 2, bfloat16: 2 };

/** numpy's descr (`<f4`, `>f8`, `<f2`) or dtype name (`float32`, `bfloat16`) → element type and byte order. */
export function elementFromNumpy(descr: string): { type: ElementType; littleEndian: boolean } | null {
  const named: Record<string, ElementType> = { float32: 'float32', float64: 'float64', float16: 'float16', bfloat16: 'bfloat16', half: 'float16', single: 'float32', double: 'float64' };
  if (Object.hasOwn(named, descr)) return { type: named[descr], littleEndian: true };
  const m = /^([<>|=]?)f([248])$/.exec(descr);
  if (!m) return null;
  const type: ElementType = m[2] === '4' ? 'float32' : m[2] === '8' ? 'float64' : 'float16';
  return { type, littleEndian: m[1] !== '>' };
}

/** safetensors dtype names → element type (safetensors is little-endian). */
export function elementFromSafetensors(dtype: string): ElementType | null {
  return ({ F32: 'float32', F64: 'float64', F16: 'float16', BF16: 'bfloat16' } as Record<string, ElementType>)[dtype] ?? null;
}

const HOST_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

let halfTable: Float64Array | null = null;
/** All 65,536 float16 values as float64 (exact), built once. */
function halfValues(): Float64Array {
  if (halfTable) return halfTable;
  halfTable = new Float64Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    halfTable[h] = exp === 0 ? sign * frac * 2 ** -24 : exp === 31 ? (frac ? NaN : sign * Infinity) : sign * (1024 + frac) * 2 ** (exp - 25);
  }
  return halfTable;
}

/** Scratch kept between calls so unaligned input costs one copy, not an allocation per row. */
let scratch = new ArrayBuffer(0);
function aligned(bytes: Uint8Array, width: number): ArrayBuffer | Uint8Array {
  if (bytes.byteOffset % width === 0) return bytes;
  if (scratch.byteLength < bytes.length) scratch = new ArrayBuffer(bytes.length);
  const copy = new Uint8Array(scratch, 0, bytes.length);
  copy.set(bytes);
  return copy;
}

let words: Uint32Array | null = null;

function swapped(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) for (let j = 0; j < width; j++) out[i + j] = bytes[i + width - 1 - j];
  return out;
}

/**
 * Converts `count` elements from `bytes` into `out[0..count)`. Returns the index of the first value
 * that is NaN or ±Inf (or, for float64, past float32's range), or -1 when all are usable (checked
 * branch-free for the narrow types: x·0 is NaN only for NaN and ±Inf).
 */
export function decodeElements(bytes: Uint8Array, type: ElementType, littleEndian: boolean, count: number, out: Float64Array): number {
  const width = ELEMENT_BYTES[type];
  let src = bytes.subarray(0, count * width);
  if (width > 1 && littleEndian !== HOST_LITTLE) src = swapped(src, width);
  const buf = aligned(src, width);
  const base = buf instanceof Uint8Array ? buf.buffer : buf;
  const offset = buf instanceof Uint8Array ? buf.byteOffset : 0;
  let poison = 0;
  if (type === 'float32') {
    const f = new Float32Array(base, offset, count);
    for (let i = 0; i < count; i++) {
      const v = f[i];
      out[i] = v;
      poison += v * 0;
    }
  } else if (type === 'float64') {
    const f = new Float64Array(base, offset, count);
    for (let i = 0; i < count; i++) out[i] = f[i];
    return firstUnusable(out, count);
  } else if (type === 'float16') {
    const h = new Uint16Array(base, offset, count);
    const table = halfValues();
    for (let i = 0; i < count; i++) {
      const v = table[h[i]];
      out[i] = v;
      poison += v * 0;
    }
  } else {
    // bfloat16 is the top half of a float32: shift it up and read the float32.
    const h = new Uint16Array(base, offset, count);
    if (!words || words.length < count) words = new Uint32Array(count);
    for (let i = 0; i < count; i++) words[i] = h[i] << 16;
    const f = new Float32Array(words.buffer, 0, count);
    for (let i = 0; i < count; i++) {
      const v = f[i];
      out[i] = v;
      poison += v * 0;
    }
  }
  if (poison === 0) return -1;
  for (let i = 0; i < count; i++) if (!Number.isFinite(out[i])) return i;
  return -1;
}

/**
 * Checks a row already in float64 (float64 files, JSON): NaN, ±Inf, and values past float32's range.
 * Models compute logits in float32 or narrower, so a larger value is corruption, not logits; refusing
 * it also keeps every float64 sum of the metrics finite (squares of ±3.4e38 are 1.2e77).
 */
export function firstUnusable(values: Float64Array, count: number): number {
  for (let i = 0; i < count; i++) if (!(Math.abs(values[i]) <= FLOAT32_MAX)) return i;
  return -1;
}

const FLOAT32_MAX = 3.4028234663852886e38;

export function describeUnusable(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (Number.isFinite(v)) return `${v}, past float32's range (±3.4e38): no model writes logits this large (corrupt?)`;
  return v > 0 ? 'Inf' : '-Inf';
}
