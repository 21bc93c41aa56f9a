/**
 * shared/logits: every reader (golden JSON, .npy, .npz, .safetensors, a JSON array) and the comparison
 * after it, on a byte-edited real logits file compared against the file it was edited from.
 */
import fc from 'fast-check';
import { inflateRawNode } from '../../../electron/services/logits/fileSource';
import { memorySource } from '../../../shared/logits/byteSource';
import { compareLogits } from '../../../shared/logits/compare';
import { openLogits } from '../../../shared/logits/read';
import { resolveThresholds } from '../../../shared/logits/thresholds';
import { fixtureFiles } from '../corpus';
import { badInputError, defineTarget, notJsonSafe, showBytes } from '../harness';
import { mutatedBytes, mutatedText } from '../mutate';

// The fixtures numpy wrote (fixtures/logits/generate.py), not the metric answers beside them.
const files = fixtureFiles('logits', (name) => !name.includes('/') && /\.(npy|npz|safetensors|json)$/.test(name) && !/^(expected|scipy)\.json$/.test(name));
const binaries = files.filter((f) => !f.name.endsWith('.json'));
const texts = files.filter((f) => f.name.endsWith('.json'));

interface Case { seed: Uint8Array; cand: Uint8Array }
const edited = (seeds: typeof files, mutate: (seed: fc.Arbitrary<Uint8Array>) => fc.Arbitrary<Uint8Array>) =>
  fc.nat({ max: seeds.length - 1 }).chain((i) => mutate(fc.constant(seeds[i].bytes)).map((cand): Case => ({ seed: seeds[i].bytes, cand })));

// npy: magic, version, header length; zip: signatures and sizes; safetensors: the header length.
const binaryCase = edited(binaries, (seed) => mutatedBytes(seed, [0, 4, 6, 8, 10, 14, 18, 22, 26]));
const textCase = edited(texts, (seed) => mutatedText(seed.map((b) => Buffer.from(b).toString('utf8'))).map((t) => new Uint8Array(Buffer.from(t, 'utf8'))));

const REF = 'ref.logits';
const thresholds = resolveThresholds({});
const CAND = 'cand.logits';

export const logits = defineTarget({
  name: 'logits.compare',
  covers: 'shared/logits openLogits (every format, zlib for .npz) + compareLogits on byte- and text-edited fixtures, against the unedited file',
  cases: 1500,
  input: fc.oneof({ weight: 3, arbitrary: binaryCase }, { weight: 2, arbitrary: textCase }),
  async run({ seed, cand }: Case) {
    const deps = { inflateRaw: inflateRawNode };
    const ref = await openLogits(memorySource(REF, seed, 1024), deps);
    const c = await openLogits(memorySource(CAND, cand, 1024), deps);
    try {
      return await compareLogits(ref, c, { thresholds });
    } finally {
      await Promise.all([ref.close(), c.close()]);
    }
  },
  check(outcome) {
    // Either file may be the one blamed (a shape mismatch names the candidate), always by its name first.
    if (!outcome.ok) return badInputError(outcome.error, /^(ref|cand)\.logits: \S/);
    const report = outcome.value;
    if (report.positions.length !== report.ref.positions) return `${report.positions.length} positions compared of the ref's ${report.ref.positions}`;
    if (report.cand.vocab !== report.ref.vocab) return `accepted vocabularies ${report.ref.vocab} and ${report.cand.vocab}`;
    if (report.verdict !== 'pass' && report.verdict !== 'fail') return `verdict ${String(report.verdict)}`;
    return notJsonSafe(report);
  },
  show: ({ cand }) => showBytes(cand),
});
