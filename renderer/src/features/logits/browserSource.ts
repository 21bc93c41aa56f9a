/**
 * A dropped File as shared/logits reads it (browser mode has no path): random reads by slice, spans
 * streamed, raw DEFLATE by the browser's DecompressionStream. Used inside the comparison worker.
 */
import { badInput } from '@shared/errors';
import type { ByteSource, InflateRaw } from '@shared/logits/byteSource';

export function fileSource(file: File): ByteSource {
  return {
    name: file.name,
    size: file.size,
    read: async (offset, length) => new Uint8Array(await file.slice(offset, Math.min(file.size, offset + length)).arrayBuffer()),
    stream: (start, end) => iterate(file.slice(start, end).stream()),
  };
}

async function* iterate(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value?.length) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

export const inflateRawBrowser: InflateRaw = async function* (compressed, what) {
  const source = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        for await (const chunk of compressed) controller.enqueue(chunk);
        controller.close();
      } catch (err) {
        controller.error(err);
      }
    },
  });
  try {
    yield* iterate(source.pipeThrough(new DecompressionStream('deflate-raw') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>));
  } catch (err) {
    if ((err as { code?: string }).code === 'bad-input') throw err;
    throw badInput(`${what}: the deflated data is corrupt or cut off (${(err as Error).message})`);
  }
};
