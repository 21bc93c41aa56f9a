import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safetensorsHeader } from '../../../scripts/gen-sparse-checkpoint';
import { BringupError, badInput } from '../../../shared/errors';
import { parseIndexStrictly } from '../../../shared/weights/safetensorsIndex';
import { parseSafetensorsHeader, readHeaderLength } from '../../../shared/weights/safetensorsHeader';
import type { WeightsRead } from '../../../shared/weights/report';
import { totals } from '../../../shared/weights/components';
import { packShard, unpackShard } from '../../../shared/weights/shardRead';
import { parsedHere, type HeaderSource, type ShardReads } from './headerSource';
import { readSafetensors } from './readSafetensors';

/** Shards held in memory: name → the file's header bytes and its size with the (absent) data. */
function memorySource(shards: Map<string, { bytes: Uint8Array; fileBytes: number }>): HeaderSource {
  return {
    label: (file) => `mem/${file}`,
    stats: () => ({ requests: 0, bytes: 0 }),
    async readHeader(file) {
      const shard = shards.get(file);
      if (!shard) throw badInput(`mem/${file}: no such file`);
      const n = readHeaderLength(shard.bytes.subarray(0, 8), { file: `mem/${file}`, fileBytes: shard.fileBytes });
      return { json: shard.bytes.subarray(8, 8 + n), fileBytes: shard.fileBytes };
    },
  };
}

/** Each header parsed, then packed and unpacked as the header worker posts it (through a structured clone). */
function packedHere(headers: HeaderSource): ShardReads {
  return {
    label: (file) => headers.label(file),
    async read(file, hint) {
      const raw = await headers.readHeader(file, hint);
      const { packed, transfer } = packShard(parseSafetensorsHeader(raw.json, { file: headers.label(file), fileBytes: raw.fileBytes }), raw.fileBytes);
      return unpackShard(structuredClone(packed, { transfer }));
    },
  };
}

/**
 * The reading as it was before issue 13 (JSON.parse of the index, one name → row map built from
 * the headers, then the index checked entry by entry), then put in index order when the index is
 * ascending and lists every tensor: the reference the faster reading must match, result for result
 * and error for error.
 */
async function referenceRead(headers: HeaderSource, index: { file: string; text: string }, present: ReadonlySet<string>) {
  const parsedIndex = parseIndexStrictly(index.text, headers.label(index.file));
  for (const shard of parsedIndex.shards) {
    if (!present.has(shard)) throw badInput(`${headers.label(index.file)}: weight_map names shard ${shard}, which is not in the checkpoint`);
  }
  const files = parsedIndex.shards;
  const parsed: { raw: Awaited<ReturnType<HeaderSource["readHeader"]>>; header: ReturnType<typeof parseSafetensorsHeader> }[] = [];
  for (const file of files) {
    const raw = await headers.readHeader(file, 0);
    parsed.push({ raw, header: parseSafetensorsHeader(raw.json, { file: headers.label(file), fileBytes: raw.fileBytes }) });
  }
  const table = { names: [] as string[], dtypes: [] as string[], shapes: [] as number[][], files: [] as number[] };
  const where = new Map<string, number>();
  const warnings: string[] = [];
  parsed.forEach(({ header }, f) => {
    for (let t = 0; t < header.names.length; t++) {
      const name = header.names[t];
      const before = where.get(name);
      if (before !== undefined) throw badInput(`${headers.label(files[f])}: tensor ${JSON.stringify(name)} is also in ${files[table.files[before]]}`);
      where.set(name, table.names.length);
      table.names.push(name);
      table.dtypes.push(header.dtypes[t]);
      table.shapes.push(header.shapes[t]);
      table.files.push(f);
    }
  });
  const indexLabel = headers.label(index.file);
  for (let i = 0; i < parsedIndex.tensorNames.length; i++) {
    const name = parsedIndex.tensorNames[i];
    const row = where.get(name);
    const shard = parsedIndex.shards[parsedIndex.tensorShards[i]];
    if (row === undefined) throw badInput(`${indexLabel}: weight_map[${JSON.stringify(name)}] names ${shard}, whose header has no such tensor`);
    if (table.files[row] !== parsedIndex.tensorShards[i]) throw badInput(`${indexLabel}: weight_map[${JSON.stringify(name)}] names ${shard}, but the tensor is in ${files[table.files[row]]}`);
  }
  const unlisted = table.names.length - parsedIndex.tensorNames.length;
  if (unlisted > 0) warnings.push(`${unlisted} tensors in the shards are not listed in ${index.file}: transformers will not load them`);
  // Key order included (parametersByDtype is printed in first-seen order, over the headers).
  const totalsText = JSON.stringify(totals(table));
  const fileList = files.map((name, f) => ({ name, tensorCount: parsed[f].header.names.length }));
  const names = parsedIndex.tensorNames;
  if (unlisted === 0 && names.every((n, i) => i === 0 || names[i - 1] < n)) {
    // An ascending index that lists every tensor once: the table comes in its order.
    const rows = names.map((n) => where.get(n)!);
    const inIndexOrder = { names: [...names], dtypes: rows.map((r) => table.dtypes[r]), shapes: rows.map((r) => table.shapes[r]), files: rows.map((r) => table.files[r]) };
    return { files: fileList, table: inIndexOrder, warnings, rows: names.map((_, i) => i), totals: totalsText };
  }
  return { files: fileList, table, warnings, rows: table.names.map((n) => where.get(n)), totals: totalsText };
}

const view = (read: WeightsRead) => ({
  files: read.files.map((f) => ({ name: f.name, tensorCount: f.tensorCount })),
  table: read.tensors,
  warnings: read.warnings,
  rows: read.tensors.names.map((n) => read.byName!.get(n)),
  totals: JSON.stringify(read.totals),
});

async function outcome(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await read() };
  } catch (err) {
    if (!(err instanceof BringupError)) throw err;
    return { error: err.message };
  }
}

interface Case {
  /** Tensor names per shard header. */
  shards: string[][];
  /** weight_map entries, in file order (repeats allowed: JSON.parse keeps the last). */
  entries: [string, number][];
  /** Write one name of the index with a JSON escape (the scanner leaves such text to JSON.parse). */
  escape: boolean;
}

function build(c: Case) {
  const shardName = (s: number) => `model-0000${s + 1}-of-0000${c.shards.length}.safetensors`;
  const shards = new Map(
    c.shards.map((names, s) => {
      const { bytes, dataBytes } = safetensorsHeader(names.map((name, k) => ({ name, dtype: ['BF16', 'F32', 'F8_E4M3', 'F4'][(k + s) % 4], shape: [k + 1, 2 * s + 1] })));
      return [shardName(s), { bytes, fileBytes: bytes.length + dataBytes }] as const;
    }),
  );
  let map = c.entries.map(([name, s]) => `${JSON.stringify(name)}: ${JSON.stringify(shardName(s))}`).join(',\n    ');
  if (c.escape) map = map.replace(/"([a-z])/, (_, ch: string) => `"\\u00${ch.charCodeAt(0).toString(16)}`);
  const text = `{\n  "metadata": {"total_size": 1},\n  "weight_map": {\n    ${map}\n  }\n}\n`;
  return { source: memorySource(shards), index: { file: 'model.safetensors.index.json', text }, present: new Set(shards.keys()) };
}

describe('readSafetensors reads exactly as the reference reading', () => {
  const name = fc.constantFrom('a.weight', 'b.weight', 'c.bias', 'model.embed_tokens.weight', 'lm_head.weight', 'x.weight_scale_inv', '0.weight');
  const caseArb = fc
    .record({
      shards: fc.array(fc.uniqueArray(name, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 }),
      extra: fc.array(fc.tuple(name, fc.nat(2)), { maxLength: 3 }),
      drop: fc.array(fc.nat(10), { maxLength: 2 }),
      moveTo: fc.option(fc.tuple(fc.nat(10), fc.nat(2)), { nil: undefined }),
      escape: fc.boolean(),
      order: fc.constantFrom('shards', 'reversed', 'sorted'),
    })
    .map(({ shards, extra, drop, moveTo, escape, order }): Case => {
      // A consistent index first, then defects: entries dropped, one pointed at another shard, extra ones.
      let entries: [string, number][] = shards.flatMap((names, s) => names.map((n): [string, number] => [n, s]));
      entries = entries.filter((_, i) => !drop.includes(i));
      if (moveTo && entries.length) entries[moveTo[0] % entries.length] = [entries[moveTo[0] % entries.length][0], moveTo[1] % shards.length];
      entries.push(...extra.map(([n, s]): [string, number] => [n, s % shards.length]));
      if (order === 'reversed') entries.reverse();
      // Sorted as transformers writes it: the headers are then joined to the index by order.
      if (order === 'sorted') entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return { shards, entries, escape };
    });

  it.each([
    ['parsed on this thread', parsedHere],
    ['packed as the header worker posts them', packedHere],
  ])('on consistent and defective checkpoints alike (duplicates, wrong shards, missing and unlisted tensors), headers %s', async (_, shardReads) => {
    let errors = 0;
    let fine = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { source, index, present } = build(c);
        const got = await outcome(async () => view(await readSafetensors('mem', shardReads(source), { index, present })));
        const want = await outcome(() => referenceRead(source, index, present));
        expect(got).toEqual(want);
        if ('error' in (want as object)) errors++;
        else fine++;
      }),
      { numRuns: 600 },
    );
    // Both kinds are exercised, not only one.
    expect(errors).toBeGreaterThan(50);
    expect(fine).toBeGreaterThan(50);
  });

  it('the messages themselves', async () => {
    const read = async (c: Case) => outcome(async () => view(await readSafetensors('mem', parsedHere(build(c).source), { index: build(c).index, present: build(c).present })));
    expect(await read({ shards: [['a.weight'], ['b.weight', 'a.weight']], entries: [['a.weight', 0], ['b.weight', 1]], escape: false })).toEqual({
      error: 'mem/model-00002-of-00002.safetensors: tensor "a.weight" is also in model-00001-of-00002.safetensors',
    });
    expect(await read({ shards: [['a.weight', 'c.bias'], ['b.weight']], entries: [['c.bias', 0], ['a.weight', 1], ['b.weight', 1]], escape: false })).toEqual({
      error: 'mem/model.safetensors.index.json: weight_map["a.weight"] names model-00002-of-00002.safetensors, but the tensor is in model-00001-of-00002.safetensors',
    });
    expect(await read({ shards: [['a.weight'], ['b.weight']], entries: [['a.weight', 0], ['b.weight', 1], ['c.bias', 1]], escape: false })).toEqual({
      error: 'mem/model.safetensors.index.json: weight_map["c.bias"] names model-00002-of-00002.safetensors, whose header has no such tensor',
    });
    const unlisted = (await read({ shards: [['a.weight', 'b.weight'], ['c.bias']], entries: [['a.weight', 0], ['c.bias', 1]], escape: false })) as { ok: { warnings: string[] } };
    expect(unlisted.ok.warnings).toEqual(['1 tensors in the shards are not listed in model.safetensors.index.json: transformers will not load them']);
  });
});
