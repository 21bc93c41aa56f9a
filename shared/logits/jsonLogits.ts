/**
 * The two JSON forms, read as a stream of positions:
 * - MAX's golden file (generate_llm_logits, test_common/numpy_encoder.py NumpyEncoder):
 *   `[{"prompt": str, "values": [{"next_token": int, "next_token_logits": float,
 *      "logits": {"__np__": base64 of the raw bytes, "shape": [V], "dtype": "float32"}, ...}]}]`
 *   (logprobs-only files, as vLLM's runs write them, hold `"logprobs"` instead of `"logits"`);
 * - a plain array of arrays of numbers, any depth, the innermost arrays being positions.
 * Depths below count open containers: 1 the top-level array, 2 a prompt object (golden) ...
 */
import { badInput } from '../errors';
import { base64DecodedLength, decodeBase64Into } from './base64';
import { decodeElements, describeUnusable, ELEMENT_BYTES, elementFromNumpy, firstUnusable } from './elements';
import { decodeJsonString, JsonTokenizer, type JsonHandler } from './jsonStream';

export interface JsonRow {
  values: Float64Array;
  prompt: number;
  step: number;
  nextToken?: number;
}

export interface JsonLogitsState {
  kind: 'golden-json' | 'json' | null;
  /** Golden: prompt texts and steps per prompt, by prompt index. */
  prompts: (string | null)[];
  steps: number[];
  dtype: string | null;
  vocab: number;
  /** The array's shape; complete once the file has been read to its end. */
  shape: number[];
  logprobs: boolean;
  /** Plain arrays: the depth of the innermost arrays (2 for [positions][vocab]), once seen. */
  rowDepth: number;
}

type Value = string | number | boolean | null | Uint8Array | Value[] | { [k: string]: Value };

const GOLDEN_PROMPT = 2;
const GOLDEN_VALUES = 3;
const GOLDEN_TOKEN = 4;

/** A tokenizer handler that turns either form into rows, queued in `rows` for the reader. */
export class JsonLogitsParser implements JsonHandler {
  readonly state: JsonLogitsState = { kind: null, prompts: [], steps: [], dtype: null, vocab: 0, shape: [], logprobs: false, rowDepth: -1 };
  readonly rows: JsonRow[] = [];
  private readonly tokenizer: JsonTokenizer;
  private depth = 0;

  // golden
  private prompt = -1;
  private step = 0;
  private promptKey: string | null = null;
  private hasValues = false;
  private otherKeys: string[] = [];
  private inValues = false;
  /** Containers being built below a TokenInfo, each with the key it will be stored under. */
  private building: { value: Value[] | Record<string, Value>; key: string | null }[] = [];
  private key_: string | null = null;

  // plain: elements seen at each depth in the current container, sizes fixed by the first of each depth
  private rowDepth = -1;
  private counts: number[] = [];
  private sizes: number[] = [];
  private numbers = new Float64Array(1024);
  private numberCount = 0;
  private stepsByPrompt: number[] = [];

  constructor(private readonly file: string) {
    this.tokenizer = new JsonTokenizer(this, file);
  }

  feed(chunk: Uint8Array): void {
    this.tokenizer.feed(chunk);
  }

  end(): void {
    this.tokenizer.end();
    const s = this.state;
    if (s.kind === null) this.fail('the file is an empty array: no positions');
    if (s.kind === 'golden-json') s.shape = [s.steps.reduce((a, b) => a + b, 0), s.vocab];
    else s.shape = this.rowDepth <= 1 ? [s.vocab] : this.sizes.slice(1, this.rowDepth + 1);
  }

  private fail(what: string): never {
    throw badInput(`${this.file}: byte ${this.tokenizer.offset}: ${what}`);
  }

  private where(): string {
    return `[${this.prompt}].values[${this.step}]`;
  }

  /** The first element of the top-level array decides the form. */
  private decide(kind: 'golden-json' | 'json'): void {
    if (this.state.kind === null) this.state.kind = kind;
    else if (this.state.kind !== kind) this.fail(kind === 'json' ? `[${this.prompt + 1}]: an array among the prompt objects of a golden file` : `${this.plainPath()}: an object in an array of numbers`);
  }

  // ------------------------------------------------------------------ events
  startObject(): void {
    this.depth++;
    const d = this.depth;
    if (d === 1) this.fail('not a golden logits file: the top level is an object (a golden file is a list of {"prompt", "values"}, as generate_llm_logits writes it)');
    if (d === GOLDEN_PROMPT) {
      this.decide('golden-json');
      this.prompt++;
      this.step = 0;
      this.promptKey = null;
      this.hasValues = false;
      this.otherKeys = [];
      this.state.prompts[this.prompt] = null;
      return;
    }
    if (this.state.kind !== 'golden-json') this.fail(`${this.plainPath()}: an object in an array of numbers`);
    if (d === GOLDEN_TOKEN && this.inValues) {
      this.building = [{ value: {}, key: null }];
      return;
    }
    this.open({});
  }

  endObject(): void {
    const d = this.depth--;
    if (d === GOLDEN_PROMPT) {
      if (!this.hasValues) {
        const other = this.otherKeys.find((k) => k === 'embeddings' || k === 'images');
        this.fail(other ? `[${this.prompt}] holds ${other}, not logits (an embeddings or image golden file)` : `[${this.prompt}] has no "values" list: not a golden logits file`);
      }
      this.state.steps[this.prompt] = this.step;
      return;
    }
    if (d === GOLDEN_TOKEN && this.inValues) {
      const info = this.building[0].value as Record<string, Value>;
      this.building = [];
      this.tokenInfo(info);
      this.step++;
      return;
    }
    this.close();
  }

  startArray(): void {
    this.depth++;
    const d = this.depth;
    if (d === 1) {
      this.counts[1] = 0;
      return;
    }
    if (d === 2) this.decide('json');
    if (this.state.kind === 'golden-json') {
      if (d === GOLDEN_VALUES && this.promptKey === 'values') {
        this.inValues = true;
        this.hasValues = true;
        return;
      }
      if (d === GOLDEN_VALUES + 1 && this.inValues && !this.building.length) this.fail(`${this.where()}: expected a token object, found an array`);
      this.open([]);
      return;
    }
    if (this.rowDepth >= 0 && d > this.rowDepth) this.fail(`${this.plainPath()}: arrays nest deeper here than in the first position (ragged)`);
    this.counts[d - 1]++;
    this.counts[d] = 0;
    this.numberCount = 0;
  }

  endArray(): void {
    const d = this.depth--;
    if (this.state.kind === 'golden-json') {
      if (d === GOLDEN_VALUES && this.inValues) this.inValues = false;
      else if (d > 1) this.close();
      return;
    }
    const count = this.counts[d];
    if (this.rowDepth < 0) {
      if (count === 0) this.fail(d === 1 ? 'the file is an empty array: no positions' : `${this.plainPath(d)}: an empty array`);
      if (this.numberCount > 0) this.rowDepth = this.state.rowDepth = d;
    }
    if (d === this.rowDepth) this.emitPlainRow(d);
    // Every array at a depth has the size the first one had (the top level sets its own).
    if (this.sizes[d] === undefined) this.sizes[d] = count;
    else if (d > 1 && this.sizes[d] !== count) this.fail(`${this.plainPath(d)}: ${count} elements where the first had ${this.sizes[d]} (ragged arrays)`);
    if (d === 1) this.sizes[1] = count;
  }

  key(name: string): void {
    if (this.state.kind === 'golden-json' && this.depth === GOLDEN_PROMPT) {
      this.promptKey = name;
      if (name !== 'prompt' && name !== 'values') this.otherKeys.push(name);
      return;
    }
    this.key_ = name;
  }

  string(raw: Uint8Array, hasEscapes: boolean): void {
    if (this.state.kind !== 'golden-json') this.fail(`${this.depth <= 1 ? '[0]' : this.plainPath()}: a string where numbers were expected`);
    if (this.depth === GOLDEN_PROMPT) {
      if (this.promptKey === 'prompt') this.state.prompts[this.prompt] = decodeJsonString(raw, hasEscapes, this.file, this.tokenizer.offset);
      return;
    }
    if (!this.building.length) {
      if (this.inValues && this.depth === GOLDEN_VALUES) this.fail(`${this.where()}: expected a token object, found a string`);
      return;
    }
    // A base64 payload is decoded straight from the tokenizer's bytes: it never becomes a JS string.
    if (this.key_ === '__np__') this.put(this.decodeBase64(hasEscapes ? new TextEncoder().encode(decodeJsonString(raw, true, this.file, this.tokenizer.offset)) : raw));
    else this.put(decodeJsonString(raw, hasEscapes, this.file, this.tokenizer.offset));
  }

  number(value: number): void {
    if (this.state.kind === 'golden-json') {
      if (this.building.length) this.put(value);
      else if (this.inValues && this.depth === GOLDEN_VALUES) this.fail(`${this.where()}: expected a token object, found a number`);
      return;
    }
    if (this.depth === 0) this.fail('the top level is a number, not an array');
    if (this.depth === 1) this.decide('json');
    if (this.rowDepth >= 0 && this.depth !== this.rowDepth) this.fail(`${this.plainPath()}: a number where the first position had an array (ragged)`);
    if (this.numberCount === this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[this.numberCount++] = value;
    this.counts[this.depth]++;
  }

  literal(value: boolean | null): void {
    if (this.state.kind === 'golden-json') {
      if (this.building.length) this.put(value);
      return;
    }
    this.fail(`${this.plainPath()}: ${value} where numbers were expected`);
  }

  // ------------------------------------------------------------------ golden values
  private open(container: Value[] | Record<string, Value>): void {
    if (!this.building.length) return this.skip();
    this.building.push({ value: container, key: this.key_ });
    this.key_ = null;
  }

  private close(): void {
    if (this.building.length <= 1) return;
    const done = this.building.pop()!;
    this.key_ = done.key;
    this.put(done.value);
  }

  /** A container outside any TokenInfo (a prompt's other keys): its contents are not kept. */
  private skip(): void {
    this.key_ = null;
  }

  private put(value: Value): void {
    const top = this.building[this.building.length - 1].value;
    if (Array.isArray(top)) top.push(value);
    else if (this.key_ !== null) top[this.key_] = value;
    this.key_ = null;
  }

  private tokenInfo(info: Record<string, Value>): void {
    const where = this.where();
    const name = info.logits !== undefined ? 'logits' : info.logprobs !== undefined ? 'logprobs' : null;
    if (name === null) this.fail(`${where} has neither "logits" nor "logprobs"`);
    if (name === 'logprobs') this.state.logprobs = true;
    const values = this.decodeArray(info[name], `${where}.${name}`);
    if (this.state.vocab === 0) this.state.vocab = values.length;
    else if (values.length !== this.state.vocab) this.fail(`${where}.${name} has ${values.length} values where the first position had ${this.state.vocab}`);
    const nextToken = typeof info.next_token === 'number' ? info.next_token : undefined;
    this.rows.push({ values, prompt: this.prompt, step: this.step, nextToken });
  }

  /** A NumpyEncoder array, or (a hand-written golden) a plain list of numbers. */
  private decodeArray(value: Value, where: string): Float64Array {
    if (Array.isArray(value)) {
      if (!value.every((v) => typeof v === 'number')) this.fail(`${where} holds something other than numbers`);
      return this.checkFinite(Float64Array.from(value as number[]), where);
    }
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array) this.fail(`${where} is not an array (expected {"__np__", "shape", "dtype"})`);
    const { __np__: data, shape, dtype } = value;
    if (!(data instanceof Uint8Array)) this.fail(`${where}: "__np__" is missing or not a base64 string`); // decoded bytes by now
    if (typeof dtype !== 'string') this.fail(`${where}: "dtype" is missing`);
    const element = elementFromNumpy(dtype);
    if (!element) this.fail(`${where}: dtype ${JSON.stringify(dtype)} is not a float type the comparison reads (float32, float64, float16, bfloat16)`);
    this.state.dtype ??= dtype;
    if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) this.fail(`${where}: "shape" is not a list of sizes`);
    const dims = shape as number[];
    if (dims.slice(0, -1).some((d) => d !== 1)) this.fail(`${where}: shape ${JSON.stringify(dims)} holds more than one position (expected [vocab])`);
    const count = dims.reduce((a, b) => a * b, 1);
    const width = ELEMENT_BYTES[element.type];
    if (data.length !== count * width) this.fail(`${where}: "__np__" holds ${data.length} bytes but shape ${JSON.stringify(dims)} of ${dtype} needs ${count * width} (truncated or corrupt)`);
    const out = new Float64Array(count);
    const nonFinite = decodeElements(data, element.type, element.littleEndian, count, out);
    if (nonFinite >= 0) this.fail(`${where}[${nonFinite}] is ${describeUnusable(out[nonFinite])}`);
    return out;
  }

  /** `__np__`: base64 text → the array's raw bytes (kept as a Uint8Array value). */
  private decodeBase64(text: Uint8Array): Uint8Array {
    const field = this.building[this.building.length - 1]?.key;
    const where = `${this.where()}${field ? `.${field}` : ''}: "__np__"`;
    const length = base64DecodedLength(text);
    if (length < 0) this.fail(`${where} is not base64 (its length ${text.length} is not a multiple of 4)`);
    const bytes = new Uint8Array(length);
    const bad = decodeBase64Into(text, bytes);
    if (bad >= 0) this.fail(`${where} has a character that is not base64 at index ${bad}`);
    return bytes;
  }

  private checkFinite(values: Float64Array, where: string): Float64Array {
    const bad = firstUnusable(values, values.length);
    if (bad >= 0) this.fail(`${where}[${bad}] is ${describeUnusable(values[bad])}`);
    return values;
  }

  // ------------------------------------------------------------------ plain arrays
  private plainPath(upTo = this.depth): string {
    const parts: string[] = [];
    for (let d = 1; d < upTo; d++) parts.push(`[${Math.max(0, this.counts[d] - 1)}]`);
    return parts.join('') || '(top level)';
  }

  private emitPlainRow(d: number): void {
    const n = this.numberCount;
    const where = this.plainPath(d);
    if (this.state.vocab === 0) this.state.vocab = n;
    else if (n !== this.state.vocab) this.fail(`${this.plainPath(d)}: ${n} values where the first position had ${this.state.vocab} (ragged arrays)`);
    const values = this.checkFinite(this.numbers.slice(0, n), where);
    // ≥3-D: the first index is the prompt and the rest the step; 2-D and 1-D: one prompt.
    const prompt = d >= 3 ? this.counts[1] - 1 : 0;
    const step = this.stepsByPrompt[prompt] ?? 0;
    this.stepsByPrompt[prompt] = step + 1;
    this.rows.push({ values, prompt, step });
    this.numberCount = 0;
  }
}
