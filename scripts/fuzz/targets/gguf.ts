/** The GGUF path: electron/services/weights/readGguf.ts through @huggingface/gguf, on bytes served as HTTP ranges. */
import fc from 'fast-check';
import { readGguf } from '../../../electron/services/weights/readGguf';
import { corpusFiles } from '../corpus';
import { badInputError, defineTarget, showBytes } from '../harness';
import { mutatedBytes } from '../mutate';

// The small real files whole, and the first 64 KiB of a vocab-only one (a long string-array header).
const seeds = [
  ...corpusFiles((name) => name.startsWith('_binaries/gguf/')),
  ...corpusFiles((name) => name.endsWith('ggml-vocab-phi-3.gguf'), 64 * 1024),
].map((f) => f.bytes);

/** Answers Range requests from memory the way the Hub does: 206 with Content-Range, 416 past the end. */
export function rangeFetch(bytes: Uint8Array): typeof fetch {
  return (async (_url: string | URL | Request, init?: RequestInit) => {
    const range = /bytes=(\d+)-(\d*)/.exec(new Headers(init?.headers).get('range') ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
    if (start >= bytes.length) return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${bytes.length}` } });
    return new Response(bytes.slice(start, end + 1), { status: 206, headers: { 'Content-Range': `bytes ${start}-${end}/${bytes.length}` } });
  }) as typeof fetch;
}

export const gguf = defineTarget({
  name: 'gguf',
  covers: 'electron/services/weights/readGguf.ts (and @huggingface/gguf under it) on byte-edited real .gguf files, header counts and lengths hit often',
  cases: 1500,
  // magic, version, tensor count, kv count, the first key's length and its type
  input: fc.record({ bytes: mutatedBytes(fc.constantFrom(...seeds), [0, 4, 8, 16, 24, 32]), sizeKnown: fc.boolean() }),
  setup: () => import('@huggingface/gguf'), // readGguf loads it on first use: not a case's time
  run: ({ bytes, sizeKnown }: { bytes: Uint8Array; sizeKnown: boolean }) =>
    readGguf('fuzz', { uri: 'https://hub.invalid/org/model/resolve/main/model.gguf', name: 'model.gguf', fileBytes: sizeKnown ? bytes.length : null, fetch: rangeFetch(bytes) }),
  check(outcome) {
    if (!outcome.ok) return badInputError(outcome.error, /^model\.gguf: \S/);
    const { tensors, files } = outcome.value;
    const n = tensors.names.length;
    if (tensors.dtypes.length !== n || tensors.shapes.length !== n || tensors.files.length !== n) return 'tensor table columns differ in length';
    if (!Number.isSafeInteger(files[0].headerBytes) || files[0].headerBytes < 0) return `header size ${files[0].headerBytes}`;
    return null;
  },
  show: ({ bytes, sizeKnown }) => `size ${sizeKnown ? 'known' : 'unknown'}, ${showBytes(bytes)}`,
});
