import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BringupError } from '../errors';
import { parseHeaderStrictly, parseSafetensorsHeader, readHeaderLength, scanHeader, type SafetensorsHeader } from './safetensorsHeader';

const BIN = join(__dirname, '../../fixtures/corpus/_binaries/safetensors');

/** Parses a whole file held in memory, as the readers do with the bytes they read. */
function parseFile(bytes: Uint8Array, file = 'f.safetensors'): SafetensorsHeader {
  const ctx = { file, fileBytes: bytes.length };
  const n = readHeaderLength(bytes.subarray(0, 8), ctx);
  return parseSafetensorsHeader(bytes.subarray(8, 8 + n), ctx);
}

function build(header: unknown, dataBytes: number, pad = 0): Uint8Array {
  const json = Buffer.from(JSON.stringify(header) + ' '.repeat(pad));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

function badInputMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BringupError);
    expect((err as BringupError).code).toBe('bad-input');
    return (err as BringupError).message;
  }
  throw new Error('expected a bad-input error');
}

const read = (name: string) => new Uint8Array(readFileSync(join(BIN, name)));

describe('real safetensors files (fixtures/corpus/_binaries)', () => {
  it('reads MAX test data with every dtype family, a scalar and a name with a slash', () => {
    const h = parseFile(read('modular__max_tests_example_data_1.safetensors'));
    const byName = Object.fromEntries(h.names.map((n, i) => [n, { dtype: h.dtypes[i], shape: h.shapes[i] }]));
    expect(byName).toEqual({
      '1.fancy/name': { dtype: 'I64', shape: [3] },
      '1.b': { dtype: 'F64', shape: [1, 2, 3] },
      '1.c': { dtype: 'F32', shape: [] },
      '1.a': { dtype: 'I32', shape: [5, 2] },
      '1.bf16': { dtype: 'BF16', shape: [2] },
      '1.float8_e4m3fn': { dtype: 'F8_E4M3', shape: [2] },
      '1.float8_e5m2': { dtype: 'F8_E5M2', shape: [2] },
    });
    expect(h.elements[h.names.indexOf('1.c')]).toBe(1); // a scalar has one element
  });

  it('reads every valid file and accounts for every byte', () => {
    for (const name of readdirSync(BIN)) {
      if (name.startsWith('las7__')) continue; // trailing bytes: tested below
      const bytes = read(name);
      const h = parseFile(bytes, name);
      expect(8 + h.headerBytes + h.dataBytes, name).toBe(bytes.length);
    }
  });

  it('keeps __metadata__ as plain strings (the leaky fixture carries URLs and an example key)', () => {
    const h = parseFile(read('0xsh4n__TensorHawk__leaky.safetensors'));
    expect(Object.values(h.metadata).every((v) => typeof v === 'string')).toBe(true);
    expect(JSON.stringify(h.metadata)).toContain('AKIAIOSFODNN7EXAMPLE');
    expect(parseFile(read('CoffeeVampir3__Model-Saving-Test-Repo__model.safetensors')).metadata).toHaveProperty('git_tag');
  });

  it('rejects trailing bytes after the data, as safetensors does (MetadataIncompleteBuffer)', () => {
    // 8 + 75 header bytes + 32,768 data bytes = 32,851; the file has 5 more.
    const msg = badInputMessage(() => parseFile(read('las7__weight-inspect__tiny.safetensors'), 'tiny.safetensors'));
    expect(msg).toBe('tiny.safetensors: byte 32851: 5 bytes after the last tensor\'s data (safetensors rejects this: MetadataIncompleteBuffer)');
  });
});

describe('corrupt headers: one line naming file and byte', () => {
  const good = read('MokiMeow__nutllm__tiny.safetensors');
  const n = Number(Buffer.from(good).readBigUInt64LE(0));

  it('a truncated file', () => {
    expect(badInputMessage(() => parseFile(good.subarray(0, good.length - 1), 'x'))).toMatch(/^x: byte 3243: tensor data runs to byte 3244, past the end of the file/);
    expect(badInputMessage(() => parseFile(good.subarray(0, 100), 'x'))).toBe(`x: byte 0: header length ${n} runs past the end of the file (100 bytes)`);
    expect(badInputMessage(() => parseFile(good.subarray(0, 5), 'x'))).toMatch(/^x: byte 0: 5 bytes, too short/);
  });

  it('a header length beyond the limit (not a safetensors file)', () => {
    const bytes = good.slice();
    bytes[7] = 0x7f;
    expect(badInputMessage(() => parseFile(bytes, 'x'))).toMatch(/^x: byte 0: header length above 2\^53 exceeds/);
  });

  it('invalid UTF-8 at an exact byte', () => {
    const bytes = build({ 'ab': { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, 4);
    bytes[8 + 3] = 0xff; // inside the key "ab"
    expect(badInputMessage(() => parseFile(bytes, 'x'))).toBe('x: byte 11: header is not valid UTF-8');
  });

  it('invalid JSON at an exact byte', () => {
    const text = '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},}';
    const json = Buffer.from(text);
    const bytes = new Uint8Array(8 + json.length + 4);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
    bytes.set(json, 8);
    expect(badInputMessage(() => parseFile(bytes, 'x'))).toMatch(new RegExp(`^x: byte ${8 + text.length - 1}: header is not valid JSON`));
  });

  it('unknown dtype, bad shape, span mismatch, gap and overlap', () => {
    expect(badInputMessage(() => parseFile(build({ t: { dtype: 'F12', shape: [1], data_offsets: [0, 4] } }, 4), 'x'))).toBe('x: byte 9: tensor "t": unknown dtype "F12"');
    expect(badInputMessage(() => parseFile(build({ t: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4), 'x'))).toMatch(/tensor "t": shape \[-1\] holds -1/);
    expect(badInputMessage(() => parseFile(build({ t: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, 4), 'x'))).toMatch(/needs 8 bytes but data_offsets \[0,4\] span 4/);
    const gap = build({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] } }, 12);
    expect(badInputMessage(() => parseFile(gap, 'x'))).toMatch(/tensor "b" starts at data offset 8 and leaves a gap of 4 bytes/);
    const overlap = build({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8);
    expect(badInputMessage(() => parseFile(overlap, 'x'))).toMatch(/overlaps the previous tensor by 4 bytes/);
  });

  it('sub-byte dtypes fill whole bytes (F4: two values per byte)', () => {
    expect(parseFile(build({ t: { dtype: 'F4', shape: [4, 2], data_offsets: [0, 4] } }, 4)).names).toEqual(['t']);
    expect(badInputMessage(() => parseFile(build({ t: { dtype: 'F4', shape: [3], data_offsets: [0, 2] } }, 2), 'x'))).toMatch(/do not fill whole bytes/);
  });
});

describe('property: any bytes give a correct result or one clean bad-input error', () => {
  const dtypes = ['F32', 'BF16', 'F16', 'F8_E4M3', 'F8_E5M2', 'I64', 'U8', 'BOOL', 'F64'];
  const bits: Record<string, number> = { F32: 32, BF16: 16, F16: 16, F8_E4M3: 8, F8_E5M2: 8, I64: 64, U8: 8, BOOL: 8, F64: 64 };
  const tensorsArb = fc.uniqueArray(
    fc.record({ name: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s !== '__metadata__'), dtype: fc.constantFrom(...dtypes), shape: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }) }),
    { selector: (t) => t.name, maxLength: 8 },
  );
  const toFile = (tensors: { name: string; dtype: string; shape: number[] }[], order: number[]) => {
    const header: Record<string, unknown> = Object.create(null); // so a tensor named "__proto__" is a key
    let offset = 0;
    const spans = tensors.map((t) => (t.shape.reduce((a, b) => a * b, 1) * bits[t.dtype]) / 8);
    const begins: number[] = [];
    for (const i of order) {
      begins[i] = offset;
      offset += spans[i];
    }
    tensors.forEach((t, i) => (header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [begins[i], begins[i] + spans[i]] }));
    return { bytes: build(header, offset, 3), dataBytes: offset };
  };

  it('valid random headers round-trip (any key order, any data order)', () => {
    fc.assert(
      fc.property(tensorsArb, fc.infiniteStream(fc.nat()), (tensors, seeds) => {
        const order = tensors.map((_, i) => i).sort(() => (seeds.next().value % 3) - 1);
        const { bytes, dataBytes } = toFile(tensors, order);
        const h = parseFile(bytes);
        expect(h.dataBytes).toBe(dataBytes);
        expect(new Set(h.names)).toEqual(new Set(tensors.map((t) => t.name)));
        for (const t of tensors) expect(h.shapes[h.names.indexOf(t.name)]).toEqual(t.shape);
      }),
      { numRuns: 2000 },
    );
  });

  const attempt = (bytes: Uint8Array) => {
    try {
      parseFile(bytes);
    } catch (err) {
      if (!(err instanceof BringupError) || err.code !== 'bad-input') throw err;
      expect(err.message).not.toContain('\n');
      expect(err.message).toMatch(/^f\.safetensors: byte \d+: /);
    }
  };

  it('mutated valid files (byte flips, truncation, insertions) never crash', () => {
    fc.assert(
      fc.property(tensorsArb, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat(), fc.boolean(), (tensors, flips, cut, truncate) => {
        let { bytes } = toFile(tensors, tensors.map((_, i) => i));
        bytes = bytes.slice();
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        if (truncate) bytes = bytes.subarray(0, cut % (bytes.length + 1));
        attempt(bytes);
      }),
      { numRuns: 3000 },
    );
  });

  it('mutated JSON text (structure-aware edits) never crashes', () => {
    const edits = fc.constantFrom('"', '{', '}', '[', ']', ',', ':', '-1', '1e400', 'null', '"F32"', '[0,0]', '\\u0000', '\u00e9', '__metadata__');
    fc.assert(
      fc.property(tensorsArb, fc.nat(), edits, fc.boolean(), (tensors, at, edit, replace) => {
        const { bytes } = toFile(tensors, tensors.map((_, i) => i));
        const n = Number(Buffer.from(bytes).readBigUInt64LE(0));
        const text = Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8');
        const i = at % (text.length + 1);
        const mutated = text.slice(0, i) + edit + text.slice(replace ? i + 1 : i);
        const json = Buffer.from(mutated);
        const out = new Uint8Array(8 + json.length + (bytes.length - 8 - n));
        new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
        out.set(json, 8);
        attempt(out);
      }),
      { numRuns: 3000 },
    );
  });

  it('random bytes never crash', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => attempt(bytes)), { numRuns: 3000 });
  });
});

describe('the scanned reading is the strict reading', () => {
  /**
   * Headers as safetensors' writer emits them (metadata first, then each tensor's dtype, shape and
   * data_offsets, spans in data order, spaces to a multiple of 8), with the defects a writer or a
   * corruption could leave: a gap, a span of the wrong size, a repeated name, too many elements.
   */
  const writerArb = fc.record({
    metadata: fc.option(fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }), { nil: undefined }),
    tensors: fc.array(
      fc.record({
        name: fc.oneof({ arbitrary: fc.stringMatching(/^[a-z_.][a-z_.0-9]{0,8}$/), weight: 8 }, fc.string({ maxLength: 8 }), fc.constantFrom('__metadata__', '__proto__', '12', 'é.weight')),
        dtype: fc.constantFrom('F32', 'BF16', 'F8_E4M3', 'I64', 'BOOL', 'F4', 'F3'),
        shape: fc.array(fc.oneof({ arbitrary: fc.nat(5), weight: 8 }, fc.constant(2 ** 40), fc.constant(0)), { maxLength: 3 }),
      }),
      { maxLength: 8 },
    ),
    defect: fc.constantFrom('none', 'none', 'none', 'gap', 'size', 'repeat', 'leading zero', 'whitespace'),
    pad: fc.nat(7),
  });
  type WriterHeader = typeof writerArb extends fc.Arbitrary<infer T> ? T : never;
  const BITS: Record<string, number> = { F32: 32, BF16: 16, F8_E4M3: 8, I64: 64, BOOL: 8, F4: 4, F3: 3 };

  function writerText({ metadata, tensors, defect }: WriterHeader): { text: string; dataBytes: number } {
    const members: string[] = metadata ? [`"__metadata__":${JSON.stringify(metadata)}`] : [];
    let offset = 0;
    const member = (t: (typeof tensors)[number]) => {
      const elements = t.shape.reduce((a, b) => a * b, 1);
      let bytes = Math.ceil((elements * BITS[t.dtype]) / 8);
      if (!Number.isSafeInteger(bytes)) bytes = 8;
      if (defect === 'gap' && members.length === 1) offset += 2;
      if (defect === 'size' && members.length === 1) bytes += 1;
      const entry = `{"dtype":${JSON.stringify(t.dtype)},"shape":${JSON.stringify(t.shape)},"data_offsets":[${offset},${offset + bytes}]}`;
      offset += bytes;
      return `${JSON.stringify(t.name)}:${entry}`;
    };
    for (const t of tensors) members.push(member(t));
    if (defect === 'repeat' && tensors.length) members.push(member(tensors[0]));
    let text = `{${members.join(',')}}`;
    if (defect === 'leading zero') text = text.replace(/\[(\d)/, '[0$1');
    if (defect === 'whitespace') text = text.replace(':', ': ');
    return { text, dataBytes: offset };
  }

  const outcome = (read: () => SafetensorsHeader) => {
    try {
      return { header: read() };
    } catch (err) {
      return { error: (err as Error).message };
    }
  };
  /** Both readings of `text` (as the JSON header of a file holding `dataBytes` of tensor data) agree, result for result and error for error. */
  const sameReading = (text: string, dataBytes: number) => {
    const json = Buffer.from(text);
    const ctx = { file: 'f.safetensors', fileBytes: 8 + json.length + dataBytes };
    expect(outcome(() => parseSafetensorsHeader(json, ctx))).toStrictEqual(outcome(() => parseHeaderStrictly(json, ctx)));
  };

  it("on headers as safetensors' writer emits them, and on their defects", () => {
    let scanned = 0;
    let valid = 0;
    fc.assert(
      fc.property(writerArb, (header) => {
        const { text, dataBytes } = writerText(header);
        const padded = text + ' '.repeat(header.pad);
        if (scanHeader(padded)) scanned++;
        sameReading(padded, dataBytes);
        if (!('error' in outcome(() => parseHeaderStrictly(Buffer.from(padded), { file: 'f', fileBytes: null })))) valid++;
      }),
      { numRuns: 3000 },
    );
    // The fast reading is taken for a large share (the rest have escapes, repeats, whitespace...), and both valid and defective headers are met.
    expect(scanned).toBeGreaterThan(1000);
    expect(valid).toBeGreaterThan(500);
    expect(valid).toBeLessThan(2500);
  });

  it('on every one-character edit of such a header', () => {
    const edits = fc.constantFrom('"', '{', '}', '[', ']', ',', ':', ' ', '\n', '\\', '0', '7', '-', '.', 'e', 'a', '\u0001', '\u00e9');
    fc.assert(
      fc.property(writerArb, fc.nat(), edits, fc.constantFrom('insert', 'replace', 'delete'), (header, at, edit, how) => {
        const { text, dataBytes } = writerText({ ...header, defect: 'none' });
        const i = at % (text.length + 1);
        const mutated = how === 'delete' ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + edit + text.slice(how === 'replace' ? i + 1 : i);
        sameReading(mutated, dataBytes);
      }),
      { numRuns: 5000 },
    );
  });

  it('a real DeepSeek-V3 layout (FP8 weights, F32 scales, BF16 norms) is scanned', () => {
    const text =
      '{"__metadata__":{"format":"pt"},"model.layers.3.mlp.experts.0.down_proj.weight_scale_inv":{"dtype":"F32","shape":[56,16],"data_offsets":[0,3584]},' +
      '"model.layers.3.input_layernorm.weight":{"dtype":"BF16","shape":[7168],"data_offsets":[3584,17920]},' +
      '"model.layers.3.mlp.experts.0.down_proj.weight":{"dtype":"F8_E4M3","shape":[7168,2048],"data_offsets":[17920,14698496]}}';
    expect(scanHeader(text)).not.toBeNull();
    sameReading(text + '   ', 14698496);
  });
});

describe('names that are special in JavaScript', () => {
  it('a tensor and a metadata key named "__proto__" are ordinary names', () => {
    const text = '{"__metadata__":{"__proto__":"x"},"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    const json = Buffer.from(text);
    const bytes = new Uint8Array(8 + json.length + 4);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
    bytes.set(json, 8);
    const h = parseFile(bytes);
    expect(h.names).toEqual(['__proto__']);
    expect(Object.keys(h.metadata)).toEqual(['__proto__']);
    expect(h.metadata['__proto__']).toBe('x');
  });
});
