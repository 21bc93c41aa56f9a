import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BringupError } from '../../../shared/errors';
import { openLogits, type LogitsReader } from '../../../shared/logits/read';
import { inflateRawNode, openFileSource } from './fileSource';

// Written by fixtures/logits/generate.py with the real numpy: expected.json holds the exact float64
// values each file stores.
const DIR = join(__dirname, '../../../fixtures/logits');
interface Expected {
  V: number;
  steps: number;
  prompts: string[];
  arrays: Record<string, number[]>;
  files: Record<string, { array: string; shape: number[]; format: string; dtype: string }>;
}
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Expected;

async function open(name: string, chunk?: number): Promise<{ reader: LogitsReader; close(): Promise<void> }> {
  const source = await openFileSource(join(DIR, name), chunk);
  try {
    const reader = await openLogits(source, { inflateRaw: inflateRawNode });
    return { reader, close: async () => { await reader.close(); await source.close(); } };
  } catch (err) {
    await source.close();
    throw err;
  }
}

async function readAll(name: string, chunk?: number) {
  const { reader, close } = await open(name, chunk);
  const rows: { prompt: number; step: number; values: number[]; nextToken?: number }[] = [];
  try {
    for (let row = await reader.next(); row; row = await reader.next()) rows.push({ prompt: row.prompt, step: row.step, values: Array.from(row.values), nextToken: row.nextToken });
  } finally {
    await close();
  }
  return { reader, rows };
}

async function badInput(name: string): Promise<string> {
  try {
    await readAll(join('bad', name));
  } catch (err) {
    expect(err).toBeInstanceOf(BringupError);
    expect((err as BringupError).code).toBe('bad-input');
    const message = (err as Error).message;
    expect(message).toContain(join(DIR, 'bad', name));
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`${name} was read without an error`);
}

describe('every logits format, read back exactly as numpy wrote it', () => {
  for (const [name, want] of Object.entries(expected.files)) {
    for (const chunk of [undefined, 7]) {
      it(`${name}${chunk ? ` (in ${chunk}-byte chunks)` : ''}`, async () => {
        const { reader, rows } = await readAll(name, chunk);
        const values = expected.arrays[want.array];
        expect(reader.info.format).toBe(want.format);
        expect(reader.info.dtype).toBe(want.dtype);
        expect(reader.info.shape).toEqual(want.shape);
        expect(reader.info.vocab).toBe(expected.V);
        expect(rows).toHaveLength(values.length / expected.V);
        rows.forEach((row, i) => expect(row.values).toEqual(values.slice(i * expected.V, (i + 1) * expected.V)));
        // Golden files and 3-D arrays say which prompt and step each position is.
        const structured = want.format === 'golden-json' || want.shape.length === 3;
        expect(reader.structured).toBe(structured);
        rows.forEach((row, i) => expect([row.prompt, row.step]).toEqual(structured ? [Math.floor(i / expected.steps), i % expected.steps] : [0, i]));
        if (want.format === 'golden-json') {
          expect(reader.promptTexts).toEqual(expected.prompts);
          rows.forEach((row) => expect(row.nextToken).toBe(row.values.indexOf(Math.max(...row.values))));
        }
      });
    }
  }

  it('names the member of an .npz and the tensor of a safetensors file with several', async () => {
    expect((await readAll('cand.multi.npz')).reader.info.member).toBe('logits');
    expect((await readAll('cand.unnamed.npz')).reader.info.member).toBe('arr_0');
    expect((await readAll('cand.f16.safetensors')).reader.info.member).toBe('logits');
    expect((await readAll('cand.logprobs.golden.json')).reader.info.logprobs).toBe(true);
  });
});

describe('bad input: one line naming the file and the problem', () => {
  const cases: [string, RegExp][] = [
    ['truncated.npy', /position 11 of 12: the data ends|needs 3072 bytes of data, the file holds 2972 \(truncated\?\)/],
    ['corrupt-header.npy', /byte 10: the \.npy header is not a Python dict literal/],
    ['nan.npy', /position 5: logits\[17\] is NaN/],
    ['inf.golden.json', /\[0\]\.values\[2\]\.logits\[3\] is Inf/],
    ['int.npy', /dtype "<i8" is not a float type/],
    ['not-golden.json', /byte 0: not a golden logits file: the top level is an object/],
    ['embeddings.golden.json', /\[0\] holds embeddings, not logits/],
    ['ragged.json', /\[1\]: 2 values where the first position had 3 \(ragged arrays\)/],
    ['nan.json', /\[0\]\[1\] is NaN/],
    ['truncated.golden.json', /the file ends inside a string \(truncated\?\)|truncated/],
    ['bad-base64.golden.json', /\[0\]\.values\[0\]\.logits: "__np__"/],
    ['empty.json', /an empty array: no positions/],
    ['text.txt', /byte 0: not a logits file \(expected MAX golden JSON, \.npy, \.npz, \.safetensors or a JSON array of arrays\)/],
    ['truncated.npz', /no end of central directory record: not a complete zip\/\.npz \(truncated\?\)/],
    ['no-logits.npz', /no "logits" array; it holds tokens, other/],
    ['corrupt-deflate.npz', /logits\.npy: (the deflated data is corrupt|not a \.npy array|the \.npy header)/],
    ['corrupt.safetensors', /byte \d+: header is not valid JSON|byte \d+:/],
  ];
  for (const [name, pattern] of cases) {
    it(name, async () => {
      expect(await badInput(name)).toMatch(pattern);
    });
  }

  it('a missing file and a folder', async () => {
    await expect(openFileSource(join(DIR, 'nope.npy'))).rejects.toThrow(/nope\.npy: no such file/);
    await expect(openFileSource(DIR)).rejects.toThrow(/is a folder, not a logits file/);
  });
});
