/** shared/weights: the safetensors header (length + JSON) and model.safetensors.index.json, from bytes and text. */
import { posix, win32 } from 'node:path';
import fc from 'fast-check';
import { knownDtypes } from '../../../shared/weights/dtypes';
import { parseSafetensorsHeader, readHeaderLength } from '../../../shared/weights/safetensorsHeader';
import { parseSafetensorsIndex } from '../../../shared/weights/safetensorsIndex';
import { corpusFiles, parsedJson, text, vocabulary } from '../corpus';
import { badInputError, defineTarget, showBytes, showText } from '../harness';
import { EDGE_INTEGERS, mutatedBytes, mutatedJson, mutatedText, serialized } from '../mutate';

const files = corpusFiles((name) => name.endsWith('.safetensors'));

interface Split { header: unknown; data: Uint8Array }
const seeds: Split[] = files.map(({ bytes }) => {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { header: JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8')), data: bytes.subarray(8 + n) };
});
const headerVocab = vocabulary(seeds.map((s) => s.header));
headerVocab.keys.push('dtype', 'shape', 'data_offsets', '__metadata__', 'format');
headerVocab.strings.push(...knownDtypes(), 'F4', 'BOOL', 'bf16', 'float32', 'pt');

/** A file built from a mutated header of a real file: its JSON padded as safetensors pads it, the length field usually right. */
const rebuilt = fc
  .record({
    seed: fc.nat({ max: seeds.length - 1 }),
    header: mutatedJson(seeds.map((s) => s.header), headerVocab, 3),
    pad: fc.integer({ min: 0, max: 8 }),
    length: fc.option(fc.constantFrom(...EDGE_INTEGERS), { freq: 5 }),
    dataCut: fc.option(fc.integer({ min: -64, max: 64 }), { freq: 3 }),
  })
  .map(({ seed, header, pad, length, dataCut }) => {
    const json = Buffer.from(JSON.stringify(header) + ' '.repeat(pad), 'utf8');
    const { data } = seeds[seed];
    const body = dataCut === null ? data : dataCut < 0 ? data.subarray(0, Math.max(0, data.length + dataCut)) : Buffer.concat([data, new Uint8Array(dataCut)]);
    const out = new Uint8Array(8 + json.length + body.length);
    new DataView(out.buffer).setBigUint64(0, length === null ? BigInt(json.length) : BigInt.asUintN(64, length), true);
    out.set(json, 8);
    out.set(body, 8 + json.length);
    return out;
  });

const originals = fc.constantFrom(...files.map((f) => f.bytes));

export const safetensorsHeader = defineTarget({
  name: 'safetensors.header',
  covers: 'shared/weights/safetensorsHeader.ts readHeaderLength + parseSafetensorsHeader on rebuilt and byte-edited real .safetensors files',
  cases: 3000,
  input: fc.record({
    bytes: fc.oneof({ weight: 3, arbitrary: rebuilt }, { weight: 2, arbitrary: mutatedBytes(originals, [0, 4, 8, 9]) }, { weight: 1, arbitrary: mutatedBytes(rebuilt, [], 1) }),
    sizeKnown: fc.boolean(),
  }),
  // As localHeaderSource reads it (the size known) or a remote source without Content-Range (size unknown).
  run({ bytes, sizeKnown }: { bytes: Uint8Array; sizeKnown: boolean }) {
    const ctx = { file: 'model.safetensors', fileBytes: sizeKnown ? bytes.length : null };
    const n = readHeaderLength(bytes.subarray(0, 8), ctx);
    if (8 + n > bytes.length) return 'short'; // the header source reports "file ends inside the header"
    return parseSafetensorsHeader(bytes.subarray(8, 8 + n), ctx);
  },
  check(outcome, { bytes, sizeKnown }) {
    if (!outcome.ok) return badInputError(outcome.error, /^model\.safetensors: byte \d+: \S/);
    const h = outcome.value;
    if (h === 'short') return null;
    const n = h.names.length;
    if (h.dtypes.length !== n || h.shapes.length !== n || h.elements.length !== n) return 'names, dtypes, shapes and elements differ in length';
    if (h.names.includes('__metadata__')) return '__metadata__ listed as a tensor';
    if (sizeKnown && 8 + h.headerBytes + h.dataBytes !== bytes.length) return `accepted a file whose tensors end at ${8 + h.headerBytes + h.dataBytes} of ${bytes.length} bytes`;
    return null;
  },
  show: ({ bytes, sizeKnown }) => `size ${sizeKnown ? 'known' : 'unknown'}, ${showBytes(bytes)}`,
});

const indexFiles = corpusFiles((name) => name.endsWith('.index.json'));
const indexes = parsedJson(indexFiles);
const indexVocab = vocabulary(indexes);
indexVocab.keys.push('weight_map', 'metadata', 'total_size');
indexVocab.strings.push('..', '../model.safetensors', '/etc/passwd', 'a/../../b', 'C:\\x.safetensors', 'https://evil/x', 'model-00001-of-00002.safetensors', './x', '.', 'a//b', '%2e%2e/x');
const INDEX = 'model.safetensors.index.json';

/** A shard name resolves inside the checkpoint folder, on POSIX and on Windows alike. */
function staysInside(shard: string): boolean {
  return [posix, win32].every((p) => {
    const root = p.resolve('/ckpt');
    const rel = p.relative(root, p.resolve(root, shard));
    return rel !== '..' && !rel.startsWith(`..${p.sep}`) && !p.isAbsolute(rel);
  });
}

export const safetensorsIndex = defineTarget({
  name: 'safetensors.index',
  covers: 'shared/weights/safetensorsIndex.ts parseSafetensorsIndex on mutated real index files (JSON and text edits)',
  cases: 1000, // its seeds are up to 160 KB: the mutations cost more than the parse
  input: fc.oneof(
    { weight: 3, arbitrary: serialized(mutatedJson(indexes, indexVocab, 3)) },
    { weight: 1, arbitrary: mutatedText(fc.constantFrom(...indexFiles.map(text))) },
  ),
  run: (input: string) => parseSafetensorsIndex(input, INDEX),
  check(outcome) {
    if (!outcome.ok) return badInputError(outcome.error, /^model\.safetensors\.index\.json: (byte \d+|\$|weight_map(\[.*\])?): \S/s);
    const index = outcome.value;
    const escaping = index.shards.find((s) => !staysInside(s));
    if (escaping !== undefined) return `accepted shard ${JSON.stringify(escaping)}, which leaves the checkpoint folder`;
    if (index.tensorShards.length !== index.tensorNames.length) return 'tensorShards and tensorNames differ in length';
    if (index.tensorShards.some((s) => s >= index.shards.length)) return 'a tensor points past the shard list';
    if (index.tensorsPerShard.reduce((a, b) => a + b, 0) !== index.tensorNames.length) return 'tensorsPerShard does not add up';
    return null;
  },
  show: showText,
});
