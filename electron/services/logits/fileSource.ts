/**
 * A local file as shared/logits reads it: random reads for headers and zip directories, and big spans
 * streamed in chunks with one chunk read ahead, so disk and CPU overlap and memory stays at two chunks.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { badInput } from '../../../shared/errors';
import type { ByteSource, InflateRaw } from '../../../shared/logits/byteSource';

const CHUNK = 4 << 20;

export interface FileSource extends ByteSource {
  close(): Promise<void>;
}

export async function openFileSource(path: string, chunk = CHUNK): Promise<FileSource> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw fileError(path, err);
  }
  const info = await handle.stat();
  if (info.isDirectory()) {
    await handle.close();
    throw badInput(`${path}: is a folder, not a logits file`);
  }
  const size = info.size;
  async function readAt(offset: number, length: number): Promise<Uint8Array> {
    const n = Math.max(0, Math.min(length, size - offset));
    // A fresh, unpooled buffer: byteOffset 0, so typed-array views of it are aligned.
    const buf = Buffer.allocUnsafeSlow(n);
    let filled = 0;
    while (filled < n) {
      const { bytesRead } = await handle.read(buf, filled, n - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return new Uint8Array(buf.buffer, buf.byteOffset, filled);
  }
  return {
    name: path,
    size,
    read: readAt,
    async *stream(start: number, end: number) {
      let at = start;
      let pending = at < end ? readAt(at, Math.min(chunk, end - at)) : null;
      while (pending) {
        const bytes = await pending;
        at += bytes.length;
        pending = bytes.length && at < end ? readAt(at, Math.min(chunk, end - at)) : null;
        if (bytes.length) yield bytes;
      }
    },
    close: () => handle.close(),
  };
}

function fileError(path: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return badInput(`${path}: no such file`);
  if (code === 'EISDIR') return badInput(`${path}: is a folder, not a logits file`);
  return badInput(`${path}: cannot be read (${code ?? 'error'})`);
}

/** Raw DEFLATE with Node's zlib; its errors become one line naming the member. */
export const inflateRawNode: InflateRaw = async function* (compressed, what) {
  const inflater = Readable.from(compressed).pipe(createInflateRaw());
  try {
    for await (const out of inflater) yield out as Uint8Array;
  } catch (err) {
    const message = (err as Error).message;
    throw badInput(`${what}: the deflated data is ${/unexpected end/i.test(message) ? 'cut off (truncated?)' : `corrupt (${message})`}`);
  } finally {
    inflater.destroy();
  }
};
