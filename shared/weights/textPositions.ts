import { offsetBeyondDepth } from '../json/depth';
import { parse, type ParseError } from 'jsonc-parser';

/**
 * Byte positions for error messages. Only called once something is already wrong, so they favour
 * being exact over being fast.
 */

/** Index of the first byte that breaks UTF-8 (the decoder does not say where). */
export function utf8ErrorOffset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    if (i + need >= bytes.length && need > 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      let lo = 0x80;
      let hi = 0xbf;
      if (k === 1 && b === 0xe0) lo = 0xa0;
      if (k === 1 && b === 0xed) hi = 0x9f; // no UTF-16 surrogates
      if (k === 1 && b === 0xf0) lo = 0x90;
      if (k === 1 && b === 0xf4) hi = 0x8f;
      if (c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

/** UTF-8 byte length of text.slice(0, end). */
export function utf8Length(text: string, end: number): number {
  let bytes = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Character offset of the first JSON syntax error, or null if the strict parser finds none. */
export function jsonErrorOffset(text: string): number | null {
  // jsonc-parser recurses once per level: past the depth Python's json stops at, that place is the error.
  const tooDeep = offsetBeyondDepth(text);
  if (tooDeep >= 0) return tooDeep;
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors.length ? errors[0].offset : null;
}

/** A JSON path like `weight_map["a.b"]` for messages. */
export function jsonKeyPath(parent: string, key: string): string {
  return `${parent}[${JSON.stringify(key)}]`;
}
