import { describe, expect, it } from 'vitest';
import { base64DecodedLength, decodeBase64Into } from './base64';
import { decodeJsonString, JsonTokenizer, type JsonHandler } from './jsonStream';

/** Tokenizes `text` fed in chunks of `size` bytes; events as a list of strings. */
function tokens(text: string, size = 3): string[] {
  const out: string[] = [];
  const h: JsonHandler = {
    startObject: () => out.push('{'),
    endObject: () => out.push('}'),
    startArray: () => out.push('['),
    endArray: () => out.push(']'),
    key: (k) => out.push(`key:${k}`),
    string: (raw, esc) => out.push(`str:${decodeJsonString(raw, esc, 'f', 0)}`),
    number: (n) => out.push(`num:${n}`),
    literal: (v) => out.push(`lit:${v}`),
  };
  const t = new JsonTokenizer(h, 'f.json');
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) t.feed(bytes.subarray(i, i + size));
  t.end();
  return out;
}

describe('the streaming JSON tokenizer', () => {
  it('reads every JSON value in any chunking, escapes and UTF-8 across boundaries', () => {
    const text = '\ufeff{"a\\"b": [1, -2.5e3, 0.125, true, false, null, "x\\u2019\\n’y"], "c": {}}';
    const want = ['{', 'key:a"b', '[', 'num:1', 'num:-2500', 'num:0.125', 'lit:true', 'lit:false', 'lit:null', 'str:x’\n’y', ']', 'key:c', '{', '}', '}'];
    for (const size of [1, 2, 3, 5, 1000]) expect(tokens(text, size)).toEqual(want);
  });

  it("reads Python's NaN and Infinity as numbers (so the reader can say which value is not finite)", () => {
    expect(tokens('[NaN, Infinity, -Infinity]')).toEqual(['[', 'num:NaN', 'num:Infinity', 'num:-Infinity', ']']);
  });

  it('names the byte of a grammar error', () => {
    expect(() => tokens('[1, 2,]')).toThrow(/f\.json: byte 6: expected a value, found '\]'/);
    expect(() => tokens('[1 2]')).toThrow(/f\.json: byte 3: expected ',' or \], found '2'/);
    expect(() => tokens('{"a" 1}')).toThrow(/byte 5: expected ':' after a key/);
    expect(() => tokens('[1] x')).toThrow(/byte 4: unexpected 'x' after the end of the JSON value/);
    expect(() => tokens('[01]')).toThrow(/"01" is not a JSON value/);
    expect(() => tokens('[1, [2')).toThrow(/the file ends inside 2 open arrays \(truncated\?\)/);
    expect(() => tokens('["abc')).toThrow(/the file ends inside a string/);
    expect(() => tokens('')).toThrow(/the file is empty/);
  });
});

describe('base64 from bytes', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('decodes what Python writes, with and without padding', () => {
    for (const [text, bytes] of [['AAECAw==', [0, 1, 2, 3]], ['AAECAwQ=', [0, 1, 2, 3, 4]], ['AAECAwQF', [0, 1, 2, 3, 4, 5]], ['+/8=', [251, 255]]] as const) {
      const out = new Uint8Array(base64DecodedLength(enc(text)));
      expect(decodeBase64Into(enc(text), out)).toBe(-1);
      expect(Array.from(out)).toEqual(bytes);
    }
  });
  it('says where a bad character is', () => {
    const out = new Uint8Array(6);
    expect(decodeBase64Into(enc('AAEC!wQF'), out)).toBe(4);
    expect(base64DecodedLength(enc('AAECA'))).toBe(-1);
  });
});
