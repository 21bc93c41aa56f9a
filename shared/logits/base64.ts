/**
 * Base64 (RFC 4648, with padding, as Python's base64.b64encode writes it) decoded from bytes, so a
 * golden file's `__np__` strings never become JS strings. Four table lookups per three bytes.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BAD = -(1 << 30);
const T0 = new Int32Array(256).fill(BAD);
const T1 = new Int32Array(256).fill(BAD);
const T2 = new Int32Array(256).fill(BAD);
const T3 = new Int32Array(256).fill(BAD);
for (let i = 0; i < 64; i++) {
  const c = ALPHABET.charCodeAt(i);
  T0[c] = i << 18;
  T1[c] = i << 12;
  T2[c] = i << 6;
  T3[c] = i;
}

/** The decoded length, or -1 when `text` cannot be base64 (length not a multiple of 4). */
export function base64DecodedLength(text: Uint8Array): number {
  const n = text.length;
  if (n % 4 !== 0) return -1;
  if (n === 0) return 0;
  const pad = text[n - 1] === 0x3d ? (text[n - 2] === 0x3d ? 2 : 1) : 0;
  return (n / 4) * 3 - pad;
}

/**
 * Decodes `text` into `out` (at least base64DecodedLength bytes). Returns the index of the first
 * character that is not base64, or -1 when all is well.
 */
export function decodeBase64Into(text: Uint8Array, out: Uint8Array): number {
  const n = text.length;
  if (n === 0) return -1;
  if (n % 4 !== 0) return n - (n % 4);
  const pad = text[n - 1] === 0x3d ? (text[n - 2] === 0x3d ? 2 : 1) : 0;
  const full = pad ? n - 4 : n;
  let o = 0;
  let i = 0;
  for (; i < full; i += 4) {
    const v = T0[text[i]] | T1[text[i + 1]] | T2[text[i + 2]] | T3[text[i + 3]];
    if (v < 0) break;
    out[o] = v >> 16;
    out[o + 1] = v >> 8;
    out[o + 2] = v;
    o += 3;
  }
  if (i < full) {
    for (let j = i; j < i + 4; j++) if (T3[text[j]] < 0) return j;
  }
  if (pad) {
    const a = T0[text[i]] | T1[text[i + 1]];
    if (a < 0) return T3[text[i]] < 0 ? i : i + 1;
    out[o] = a >> 16;
    if (pad === 1) {
      const b = T2[text[i + 2]];
      if (b < 0) return i + 2;
      out[o + 1] = (a | b) >> 8;
    } else if (text[i + 2] !== 0x3d) return i + 2;
  }
  return -1;
}
