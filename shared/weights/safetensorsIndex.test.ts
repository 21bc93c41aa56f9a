import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BringupError } from '../errors';
import { parseIndexStrictly, parseSafetensorsIndex, scanIndex } from './safetensorsIndex';

const CORPUS = join(__dirname, '../../fixtures/corpus');

/** The outcome of a reading: the index, or the bad-input message it threw. */
function outcome(read: () => unknown): unknown {
  try {
    return { ok: read() };
  } catch (err) {
    expect(err).toBeInstanceOf(BringupError);
    return { error: (err as BringupError).message };
  }
}

let scanned = 0;
/** What the scanner accepts, the strict reading accepts with the same result; the rest is the strict reading's. */
function same(text: string): void {
  const fast = scanIndex(text);
  if (fast !== null) {
    scanned++;
    expect(fast).toEqual(parseIndexStrictly(text, 'i.json'));
  }
  expect(outcome(() => parseSafetensorsIndex(text, 'i.json'))).toEqual(outcome(() => parseIndexStrictly(text, 'i.json')));
}

describe('parseSafetensorsIndex reads exactly as the strict JSON.parse reading', () => {
  it('on every real index in the corpus', () => {
    let seen = 0;
    for (const folder of readdirSync(CORPUS)) {
      const path = join(CORPUS, folder, 'model.safetensors.index.json');
      if (!existsSync(path)) continue;
      const text = readFileSync(path, 'utf8');
      const strict = outcome(() => parseIndexStrictly(text, path));
      // Every valid index the Hub's writers produced is read by the scanner (the fast path).
      if ('ok' in (strict as object)) expect({ ok: scanIndex(text) }).toEqual(strict);
      expect(outcome(() => parseSafetensorsIndex(text, path))).toEqual(strict);
      seen++;
    }
    expect(seen).toBeGreaterThan(5);
  });

  it('on the cases the scanner hands over: escapes, repeats, digit keys, unsafe shards, odd values', () => {
    const cases = [
      '{"weight_map":{"a":"s1","b":"s1","c":"s2"},"metadata":{"total_size":3}}',
      '  {\n  "metadata" : { "total_size" : 1, "x": [1, {"y": "}"}] },\n  "weight_map" : {\n "a" : "s1" ,\n "b":"s2"\n }\n}\n',
      '{"weight_map":{}}',
      '{"weight_map":{"a":"s1","a":"s2"}}', // JSON.parse keeps the last
      '{"weight_map":{"b":"s1","1":"s2","0":"s1"}}', // for-in lists array indices first
      '{"weight_map":{"a\\u0062":"s1","c":"s\\"2"}}',
      '{"weight_map":{"a":"../s1"}}',
      '{"weight_map":{"a":"s1","b":"/etc/passwd"}}',
      '{"weight_map":{"a":"s1","b":7}}',
      '{"weight_map":{"a":"s1","b":"s1\tx"}}',
      '{"weight_map":[]}',
      '{"weight_map":null}',
      '{"metadata":{}}',
      '{}',
      '[]',
      '',
      '\ufeff{"weight_map":{"a":"s1"}}',
      '{"weight_map":{"a":"s1"}} x',
      '{"weight_map":{"a":"s1"},}',
      '{"weight_map":{"a":"s1",}}',
      '{"weight_map":{"a":"s1"},"weight_map":{"b":"s2"}}',
      '{"weight_map":{"a":"s1"},"metadata":5}',
      '{"weight_map":{"a":"s1"},"metadata":tru}',
      '{"weight_map":{"a":"s1"},"metadata":"}"}',
      '{"weight_map":{"__proto__":"s1","constructor":"s2"}}',
      '{"__proto__":{"weight_map":{"a":"s1"}}}',
      '{"weight_map":{"a":"s1","b":"s1"',
      '{"weight_map":{"a":"s1","b":"s10"}}',
      '{"weight_map":{"a":"s10","b":"s1"}}',
    ];
    for (const text of cases) same(text);
  });

  it('on generated indexes and their one-character corruptions', () => {
    const name = fc.oneof(
      { weight: 6, arbitrary: fc.stringMatching(/^[a-z_][a-z0-9_.]{0,12}$/) },
      { weight: 1, arbitrary: fc.constantFrom('model.embed_tokens.weight', '0', '12', '1.fancy/name', '__proto__', 'a"b', 'a\\b', 'tab\tname', 'é') },
      { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    );
    const shard = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors', 'sub/model.safetensors') },
      { weight: 1, arbitrary: fc.constantFrom('../x', '/abs', 'http://h/x', 'a\\b', '', 'é') },
      { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
    );
    const value = fc.oneof({ weight: 8, arbitrary: shard }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) });
    const index = fc.record({
      entries: fc.array(fc.tuple(name, value), { maxLength: 12 }),
      metadata: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
      extra: fc.option(fc.jsonValue({ maxDepth: 1 }), { nil: undefined }),
      indent: fc.constantFrom(0, 2),
      metadataFirst: fc.boolean(),
    });
    const render = (i: { entries: [string, unknown][]; metadata: unknown; extra: unknown; indent: number; metadataFirst: boolean }) => {
      // Entries written one by one so that repeated keys survive into the text.
      const pad = i.indent ? '\n' + ' '.repeat(i.indent) : '';
      const map = `{${i.entries.map(([k, v]) => `${pad}${JSON.stringify(k)}:${i.indent ? ' ' : ''}${JSON.stringify(v)}`).join(',')}}`;
      const parts = [`"weight_map": ${map}`];
      if (i.metadata !== undefined) parts[i.metadataFirst ? 'unshift' : 'push'](`"metadata": ${JSON.stringify(i.metadata)}`);
      if (i.extra !== undefined) parts.push(`"extra": ${JSON.stringify(i.extra)}`);
      return `{${parts.join(`,${pad}`)}}`;
    };
    scanned = 0;
    fc.assert(fc.property(index, (i) => same(render(i))), { numRuns: 1500, seed: 20261206 });
    // The generator reaches the scanner, not only the fallback (a fixed seed: the same cases every run).
    expect(scanned).toBeGreaterThan(300);
    const corrupted = fc.tuple(index, fc.nat(), fc.constantFrom('', '"', '\\', ',', '}', '{', ':', ' ', '0', '\n', '\u0001')).map(([i, at, ch]) => {
      const text = render(i);
      const k = at % (text.length + 1);
      return text.slice(0, k) + ch + text.slice(k + (ch === '' || at % 2 ? 1 : 0));
    });
    fc.assert(fc.property(corrupted, same), { numRuns: 3000, seed: 20261206 });
  });
});
