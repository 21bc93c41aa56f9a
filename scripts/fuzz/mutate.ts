/**
 * Structure-aware mutations: each arbitrary picks a real corpus seed and applies a few edits that
 * keep most of its structure (a JSON value replaced, a key added or dropped, a subtree moved in
 * from another file, a header field set to an edge value) so that cases reach deep into the
 * code instead of stopping at the first byte.
 */
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Numbers that sit on edges: zero and signs, 2^31/2^32/2^53/2^63, the double limits, typical config sizes. */
export const EDGE_NUMBERS = [
  0, -0, 1, -1, 2, 3, 7, 8, 0.5, -0.5, 1e-12, 1e-300, 5e-324, 1e21, 1e100, 1e308, -1e308, 1.7976931348623157e308,
  2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64, -(2 ** 53),
  64, 128, 4096, 32768, 131072, 151936, 1000000, 10000,
];

/** Strings that break naive code: quotes and escapes, line separators, lone surrogates, NUL, prototype names, length. */
export const EDGE_STRINGS = [
  '', ' ', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
  '"', '\\', "'''", '"""', '"; PWNED = 1 #', "'; PWNED() #", '\n', '\r\n', '\u2028', '\u2029', '\u0085',
  '\u0000', '\ud800', '\udfff', '\ud83d\ude00', '\uFEFF', '{x}', '%s', '${x}', '../../etc/passwd', '/abs/path', 'C:\\x',
  'https://example.com/x', 'a'.repeat(1000), 'é'.repeat(100), '0', '-1', '1e400', 'NaN', 'Infinity', 'null', 'true',
];

/** Any UTF-16 code unit, lone surrogates included (JSON text can carry them as \\uD800 escapes). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

export interface ValueVocabulary {
  keys: string[];
  strings: string[];
  numbers: number[];
}

/** A JSON value: drawn from the corpus' own vocabulary most of the time, else an edge or a random value. */
export function jsonValue(vocab: ValueVocabulary): fc.Arbitrary<Json> {
  const scalar: fc.Arbitrary<Json> = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...vocab.strings) },
    { weight: 3, arbitrary: fc.constantFrom(...vocab.numbers, ...EDGE_NUMBERS) },
    { weight: 2, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
    { weight: 1, arbitrary: fc.string({ unit: codeUnit, maxLength: 20 }) },
  );
  return fc.oneof(
    { weight: 8, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 6 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...vocab.keys, ...EDGE_STRINGS), scalar, { maxKeys: 5 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  );
}

type Edit =
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'delete'; at: number }
  | { kind: 'insert'; at: number; key: string; value: Json }
  | { kind: 'retype'; at: number }
  | { kind: 'transplant'; at: number; from: number; fromAt: number }
  | { kind: 'nest'; at: number; depth: number; asArray: boolean };

function editArbitrary(vocab: ValueVocabulary, seeds: number): fc.Arbitrary<Edit> {
  const at = fc.nat();
  const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...vocab.keys) }, { weight: 1, arbitrary: fc.constantFrom(...EDGE_STRINGS) });
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), at, value: jsonValue(vocab) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), at, key, value: jsonValue(vocab) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('retype' as const), at }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('transplant' as const), at, from: fc.nat({ max: Math.max(0, seeds - 1) }), fromAt: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('nest' as const), at, depth: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(1500)), asArray: fc.boolean() }) },
  );
}

/** Mutations of real JSON documents (config.json, index files, safetensors headers). */
export function mutatedJson(seeds: unknown[], vocab: ValueVocabulary, maxEdits = 4): fc.Arbitrary<Json> {
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(editArbitrary(vocab, seeds.length), { minLength: 1, maxLength: maxEdits }))
    .map(([seed, edits]) => {
      let doc = clone(seeds[seed] as Json);
      for (const edit of edits) doc = applyEdit(doc, edit, seeds as Json[]);
      return doc;
    });
}

interface Slot {
  get(): Json;
  set(value: Json): void;
  remove(): void;
}

/** Every value in the document, as a slot that can be read, replaced or removed; the root first. */
function slots(doc: Json, setRoot: (v: Json) => void): Slot[] {
  const out: Slot[] = [{ get: () => doc, set: setRoot, remove: () => setRoot(null) }];
  const visit = (value: Json) => {
    if (Array.isArray(value)) {
      value.forEach((child, i) => {
        out.push({ get: () => value[i], set: (v) => void (value[i] = v), remove: () => void value.splice(i, 1) });
        visit(child);
      });
    } else if (value && typeof value === 'object') {
      for (const k of Object.keys(value)) {
        out.push({ get: () => value[k], set: (v) => defineKey(value, k, v), remove: () => void delete value[k] });
        visit(value[k]);
      }
    }
  };
  visit(doc);
  return out;
}

function applyEdit(doc: Json, edit: Edit, seeds: Json[]): Json {
  let root = doc;
  const all = slots(root, (v) => void (root = v));
  const slot = all[edit.at % all.length];
  switch (edit.kind) {
    case 'replace':
      slot.set(clone(edit.value));
      break;
    case 'delete':
      if (all.length > 1) all[1 + (edit.at % (all.length - 1))].remove();
      break;
    case 'insert': {
      const containers = all.filter((s) => typeof s.get() === 'object' && s.get() !== null);
      if (!containers.length) break;
      const target = containers[edit.at % containers.length].get();
      if (Array.isArray(target)) target.splice(edit.at % (target.length + 1), 0, clone(edit.value));
      else defineKey(target as Record<string, Json>, edit.key, clone(edit.value));
      break;
    }
    case 'retype':
      slot.set(retype(slot.get()));
      break;
    case 'transplant': {
      const donor = slots(clone(seeds[edit.from]), () => {});
      slot.set(donor[edit.fromAt % donor.length].get());
      break;
    }
    case 'nest': {
      let value = slot.get();
      for (let i = 0; i < edit.depth; i++) value = edit.asArray ? [value] : { [String(i % 3)]: value };
      slot.set(value);
      break;
    }
  }
  return root;
}

/** The same information in another JSON type: what a hand-edited or re-saved config often does. */
function retype(value: Json): Json {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return /^-?\d/.test(value) ? Number(value) : [value];
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === null) return {};
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
  return Object.values(value);
}

/** Own data property, as JSON.parse makes it ("__proto__" stays a key instead of replacing the prototype). */
function defineKey(target: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function clone(value: Json): Json {
  if (Array.isArray(value)) return value.map(clone);
  if (value && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const k of Object.keys(value)) defineKey(out, k, clone(value[k]));
    return out;
  }
  return value;
}

/** JSON text as real files have it: indented like transformers' save_pretrained, or compact; sometimes with a BOM or CRLF. */
export function serialized(doc: fc.Arbitrary<Json>): fc.Arbitrary<string> {
  return fc.tuple(doc, fc.constantFrom(2, 0, 4, 1), fc.constantFrom('', '', '', '\uFEFF'), fc.boolean()).map(([value, indent, bom, crlf]) => {
    // Deeply nested documents compact (indentation would grow with the square of the depth).
    const body = JSON.stringify(value, null, depth(value) > 64 ? 0 : indent) ?? 'null';
    return bom + (crlf ? body.replace(/\n/g, '\r\n') : body) + '\n';
  });
}

function depth(value: Json): number {
  let max = 0;
  const stack: [Json, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    max = Math.max(max, d);
    if (v && typeof v === 'object') for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/** Tokens that make or break JSON (and the places parsers trip: comments, escapes, separators, depth). */
const TEXT_TOKENS = [
  '{', '}', '[', ']', ',', ':', '"', '\\', '\\u', '\\ud800', '\\u00', '/*', '*/', '//', '\n', '\r', '\r\n', '\t', ' ', '\uFEFF',
  '\u2028', '\u0000', '\u007f', '\ud800', 'é', '-', '+', '.', 'e', 'E', '0', '1e400', '-0', '01', 'NaN', 'Infinity', 'true', 'null',
  'undefined', ',,', '"a":1,', '[[[[[[[[', ']]]]]]]]', '{"a":', '[]', '{}',
];

type TextEdit =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; token: string }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'deep'; at: number; depth: number; open: string };

const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token: fc.oneof(fc.constantFrom(...TEXT_TOKENS), fc.string({ unit: codeUnit, maxLength: 4 })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deep' as const), at: fc.nat(), depth: fc.constantFrom(100, 2000, 20000), open: fc.constantFrom('[', '{"a":') }) },
);

/** Text-level edits of JSON text: what a half-saved file, a bad merge or a hand edit leaves. */
export function mutatedText(texts: fc.Arbitrary<string>, maxEdits = 3): fc.Arbitrary<string> {
  return fc.tuple(texts, fc.array(textEdit, { minLength: 1, maxLength: maxEdits })).map(([text, edits]) => edits.reduce(applyTextEdit, text));
}

function applyTextEdit(text: string, edit: TextEdit): string {
  const at = edit.at % (text.length + 1);
  switch (edit.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + edit.length);
    case 'insert':
      return text.slice(0, at) + edit.token + text.slice(at);
    case 'duplicate':
      return text.slice(0, at + edit.length) + text.slice(at, at + edit.length) + text.slice(at);
    case 'truncate':
      return text.slice(0, at);
    case 'deep':
      return text.slice(0, at) + edit.open.repeat(edit.depth) + text.slice(at);
  }
}

/** Integers at the edges of u32 and u64 fields (counts, lengths, offsets, versions). */
export const EDGE_INTEGERS: bigint[] = [0n, 1n, 2n, 3n, 4n, 7n, 8n, 0x7fn, 0xffn, 0x7fffn, 0xffffn, 0x7fffffffn, 0xffffffffn, 0x100000000n, 2n ** 53n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n, 100_000_000n, 10_000_000n, 100_000n, 1_000_000n];

type ByteEdit =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'int'; at: number; width: 4 | 8; value: bigint };

/** Byte edits; `fieldOffsets` are where the format keeps counts and lengths, hit more often than chance would. */
export function mutatedBytes(seeds: fc.Arbitrary<Uint8Array>, fieldOffsets: number[] = [], maxEdits = 4): fc.Arbitrary<Uint8Array> {
  const at = fieldOffsets.length ? fc.oneof(fc.nat(), fc.constantFrom(...fieldOffsets)) : fc.nat();
  const edit: fc.Arbitrary<ByteEdit> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('set' as const), at, byte: fc.oneof(fc.constantFrom(0, 0xff, 0x7f, 0x80, 0x22, 0x7b, 0x7d, 0x5c), fc.integer({ min: 0, max: 255 })) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), at, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 32 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at, length: fc.integer({ min: 1, max: 64 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('int' as const), at, width: fc.constantFrom(4 as const, 8 as const), value: fc.oneof(fc.constantFrom(...EDGE_INTEGERS), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })) }) },
  );
  return fc.tuple(seeds, fc.array(edit, { minLength: 1, maxLength: maxEdits })).map(([seed, edits]) => edits.reduce(applyByteEdit, seed));
}

function applyByteEdit(bytes: Uint8Array, edit: ByteEdit): Uint8Array {
  const at = edit.at % (bytes.length + 1);
  const join = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  switch (edit.kind) {
    case 'flip':
    case 'set': {
      if (at >= bytes.length) return bytes;
      const out = bytes.slice();
      out[at] = edit.kind === 'flip' ? out[at] ^ (1 << edit.bit) : edit.byte;
      return out;
    }
    case 'insert':
      return join(bytes.subarray(0, at), edit.bytes, bytes.subarray(at));
    case 'delete':
      return join(bytes.subarray(0, at), bytes.subarray(at + edit.length));
    case 'truncate':
      return bytes.slice(0, at);
    case 'duplicate':
      return join(bytes.subarray(0, at + edit.length), bytes.subarray(at, at + edit.length), bytes.subarray(at));
    case 'int': {
      const out = bytes.length >= at + edit.width ? bytes.slice() : join(bytes, new Uint8Array(at + edit.width - bytes.length));
      const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
      if (edit.width === 8) view.setBigUint64(at, BigInt.asUintN(64, edit.value), true);
      else view.setUint32(at, Number(BigInt.asUintN(32, edit.value)), true);
      return out;
    }
  }
}
