/**
 * A streaming JSON tokenizer over bytes: golden logits files run to hundreds of megabytes (one base64
 * string per position), more than JSON.parse of one string can take and more memory than they need.
 * Chunks go in as they are read; events come out; a string is handed over as its raw UTF-8 bytes so
 * base64 never becomes a JS string. Grammar errors name the byte offset. Python's json module writes
 * NaN, Infinity and -Infinity for non-finite floats: they are read as numbers, so the caller can say
 * "holds NaN" instead of "invalid JSON".
 */
import { badInput } from '../errors';

export interface JsonHandler {
  startObject(): void;
  endObject(): void;
  startArray(): void;
  endArray(): void;
  key(name: string): void;
  /** The string's bytes between the quotes, escapes not yet applied (see `decodeJsonString`). Valid only during the call. */
  string(raw: Uint8Array, hasEscapes: boolean): void;
  number(value: number): void;
  literal(value: boolean | null): void;
}

const enum Expect {
  Value,
  /** After '{': a key or '}'. */
  KeyOrEnd,
  /** After ',' in an object. */
  Key,
  Colon,
  /** After a value: ',' or the container's closer (or the end, at the top). */
  Next,
  /** After '[': a value or ']'. */
  ValueOrEnd,
  Done,
}

const enum Token {
  None,
  String,
  Number,
  Word,
}

const QUOTE = 0x22;
const BOM = [0xef, 0xbb, 0xbf];
const BACKSLASH = 0x5c;

export class JsonTokenizer {
  /** Bytes consumed so far (the offset used in messages). */
  offset = 0;
  private expect: Expect = Expect.Value;
  /** Containers open: true for objects. */
  private readonly stack: boolean[] = [];
  private token: Token = Token.None;
  private tokenIsKey = false;
  private buf = new Uint8Array(1 << 12);
  private bufLen = 0;
  private escaped = false;
  /** A backslash ended the last chunk inside a string. */
  private pendingEscape = false;
  private tokenStart = 0;
  private first = true;

  constructor(private readonly handler: JsonHandler, private readonly file: string) {}

  private fail(what: string, at = this.offset): never {
    throw badInput(`${this.file}: byte ${at}: ${what}`);
  }

  private append(bytes: Uint8Array): void {
    if (this.bufLen + bytes.length > this.buf.length) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, this.bufLen + bytes.length));
      grown.set(this.buf.subarray(0, this.bufLen));
      this.buf = grown;
    }
    this.buf.set(bytes, this.bufLen);
    this.bufLen += bytes.length;
  }

  feed(chunk: Uint8Array): void {
    let i = 0;
    const n = chunk.length;
    if (n) this.first = false;
    const base = this.offset;
    // A UTF-8 byte order mark (EF BB BF) at the very start, however the chunks split it.
    while (i < n && base + i < 3 && chunk[i] === BOM[base + i]) i++;
    while (i < n) {
      if (this.token === Token.String) {
        i = this.continueString(chunk, i, base);
        continue;
      }
      if (this.token === Token.Number || this.token === Token.Word) {
        const start = i;
        while (i < n && isTokenByte(chunk[i])) i++;
        this.append(chunk.subarray(start, i));
        if (i === n) break;
        this.offset = base + i;
        this.finishScalar();
        continue;
      }
      const c = chunk[i];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i++;
        continue;
      }
      this.offset = base + i;
      switch (this.expect) {
        case Expect.KeyOrEnd:
        case Expect.Key:
          if (c === 0x7d /* } */ && this.expect === Expect.KeyOrEnd) {
            this.close(true);
          } else if (c === QUOTE) {
            this.startString(true);
          } else this.fail(`expected ${this.expect === Expect.KeyOrEnd ? 'a key or }' : 'a key'}, found ${show(c)}`);
          i++;
          continue;
        case Expect.Colon:
          if (c !== 0x3a) this.fail(`expected ':' after a key, found ${show(c)}`);
          this.expect = Expect.Value;
          i++;
          continue;
        case Expect.Next:
          if (c === 0x2c /* , */ && this.stack.length) {
            this.expect = this.stack[this.stack.length - 1] ? Expect.Key : Expect.Value;
          } else if (c === 0x7d && this.stack.length && this.stack[this.stack.length - 1]) this.close(true);
          else if (c === 0x5d && this.stack.length && !this.stack[this.stack.length - 1]) this.close(false);
          else this.fail(this.stack.length ? `expected ',' or ${this.stack[this.stack.length - 1] ? '}' : ']'}, found ${show(c)}` : `unexpected ${show(c)} after the end of the JSON value`);
          i++;
          continue;
        case Expect.Done:
          this.fail(`unexpected ${show(c)} after the end of the JSON value`);
          break;
        case Expect.ValueOrEnd:
        case Expect.Value:
          if (c === 0x5d /* ] */ && this.expect === Expect.ValueOrEnd) {
            this.close(false);
            i++;
            continue;
          }
          i++;
          if (c === 0x7b) {
            this.stack.push(true);
            this.expect = Expect.KeyOrEnd;
            this.handler.startObject();
          } else if (c === 0x5b) {
            this.stack.push(false);
            this.expect = Expect.ValueOrEnd;
            this.handler.startArray();
          } else if (c === QUOTE) this.startString(false);
          else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) this.startScalar(Token.Number, c);
          else if (c >= 0x61 && c <= 0x7a /* a-z */ || c === 0x49 /* I */ || c === 0x4e /* N */) this.startScalar(Token.Word, c);
          else this.fail(`expected a value, found ${show(c)}`);
          continue;
      }
    }
    this.offset = base + n;
  }

  /** The input ended: anything still open is a truncation. */
  end(): void {
    if (this.token === Token.Number || this.token === Token.Word) this.finishScalar();
    if (this.token === Token.String) this.fail('the file ends inside a string (truncated?)');
    if (this.stack.length) this.fail(`the file ends inside ${this.stack.length} open ${this.stack[this.stack.length - 1] ? 'object' : 'array'}${this.stack.length > 1 ? 's' : ''} (truncated?)`);
    if (this.expect !== Expect.Done) this.fail(this.first ? 'the file is empty' : 'the file holds no JSON value');
  }

  private startString(isKey: boolean): void {
    this.token = Token.String;
    this.tokenIsKey = isKey;
    this.bufLen = 0;
    this.escaped = false;
    this.pendingEscape = false;
    this.tokenStart = this.offset;
  }

  /** Scans for the closing quote from `i`; returns the index after what it consumed. */
  private continueString(chunk: Uint8Array, i: number, base: number): number {
    if (this.pendingEscape) {
      this.pendingEscape = false;
      this.append(chunk.subarray(i, i + 1));
      i++;
    }
    for (;;) {
      const q = chunk.indexOf(QUOTE, i);
      const end = q < 0 ? chunk.length : q;
      const slash = chunk.subarray(i, end).indexOf(BACKSLASH);
      if (slash >= 0) {
        // Copy up to and including the escaped character, then keep scanning.
        const at = i + slash;
        this.escaped = true;
        if (at + 1 >= chunk.length) {
          this.append(chunk.subarray(i, at + 1));
          this.pendingEscape = true;
          return chunk.length;
        }
        this.append(chunk.subarray(i, at + 2));
        i = at + 2;
        continue;
      }
      if (q < 0) {
        this.append(chunk.subarray(i));
        return chunk.length;
      }
      // The whole string inside this chunk: hand over a view, no copy.
      const raw = this.bufLen ? (this.append(chunk.subarray(i, q)), this.buf.subarray(0, this.bufLen)) : chunk.subarray(i, q);
      this.offset = base + q + 1;
      this.token = Token.None;
      this.bufLen = 0;
      if (this.tokenIsKey) {
        this.handler.key(decodeJsonString(raw, this.escaped, this.file, this.tokenStart));
        this.expect = Expect.Colon;
      } else {
        this.handler.string(raw, this.escaped);
        this.afterValue();
      }
      return q + 1;
    }
  }

  private startScalar(kind: Token, c: number): void {
    this.token = kind;
    this.bufLen = 0;
    this.tokenStart = this.offset;
    this.append(Uint8Array.of(c));
  }

  private finishScalar(): void {
    const text = latin1(this.buf, this.bufLen);
    this.token = Token.None;
    const at = this.tokenStart;
    if (text === 'true' || text === 'false') this.handler.literal(text === 'true');
    else if (text === 'null') this.handler.literal(null);
    else if (text === 'NaN') this.handler.number(NaN);
    else if (text === 'Infinity') this.handler.number(Infinity);
    else if (text === '-Infinity') this.handler.number(-Infinity);
    else if (NUMBER.test(text)) this.handler.number(Number(text));
    else this.fail(`${JSON.stringify(text.slice(0, 40))} is not a JSON value`, at);
    this.afterValue();
  }

  private close(object: boolean): void {
    this.stack.pop();
    if (object) this.handler.endObject();
    else this.handler.endArray();
    this.afterValue();
  }

  private afterValue(): void {
    this.expect = this.stack.length ? Expect.Next : Expect.Done;
  }
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function isTokenByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2d || c === 0x2b || c === 0x2e;
}

function show(c: number): string {
  return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}

function latin1(bytes: Uint8Array, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a JSON string's raw bytes (UTF-8, escapes applied). */
export function decodeJsonString(raw: Uint8Array, hasEscapes: boolean, file: string, at: number): string {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw badInput(`${file}: byte ${at}: a string is not valid UTF-8`);
  }
  if (!hasEscapes) return text;
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    throw badInput(`${file}: byte ${at}: a string holds an invalid escape`);
  }
}
