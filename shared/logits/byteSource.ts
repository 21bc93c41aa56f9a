/**
 * What the readers need from a file, whatever holds it: a local file (electron/services), a dropped
 * File in the browser (a Web Worker), or bytes in memory (tests). Reads are random access (a zip's
 * directory sits at its end); big spans stream in chunks so memory stays near one chunk.
 */
export interface ByteSource {
  /** The name used in messages (a path, or a dropped file's name). */
  readonly name: string;
  readonly size: number;
  /** Exactly `length` bytes from `offset` (fewer only at the end of the file). */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** The bytes of [start, end) in order, in chunks of any size. */
  stream(start: number, end: number): AsyncIterable<Uint8Array>;
}

/**
 * Raw DEFLATE (zip method 8) decompression, as a stream: zlib in Node, DecompressionStream in a
 * browser. Corrupt or cut-off data is a bad-input error naming `what` (the file and member).
 */
export type InflateRaw = (compressed: AsyncIterable<Uint8Array>, what: string) => AsyncIterable<Uint8Array>;

export interface ReadDeps {
  inflateRaw?: InflateRaw;
}

/** A ByteSource over bytes already in memory. */
export function memorySource(name: string, bytes: Uint8Array, chunk = 1 << 16): ByteSource {
  return {
    name,
    size: bytes.length,
    read: async (offset, length) => bytes.slice(offset, Math.min(bytes.length, offset + length)),
    async *stream(start, end) {
      for (let at = start; at < end; at += chunk) yield bytes.slice(at, Math.min(end, at + chunk));
    },
  };
}

/**
 * Pulls bytes from a chunk stream exactly as asked: `take(n)` returns n bytes (copying only when a
 * request spans chunks), so readers can think in rows and headers rather than in chunk boundaries.
 */
export class ChunkReader {
  private readonly it: AsyncIterator<Uint8Array>;
  private chunk: Uint8Array = new Uint8Array(0);
  private at = 0;
  /** Bytes handed out so far. */
  consumed = 0;

  constructor(chunks: AsyncIterable<Uint8Array>) {
    this.it = chunks[Symbol.asyncIterator]();
  }

  /** n bytes, or fewer when the stream ends first (the caller reports the truncation). */
  async take(n: number): Promise<Uint8Array> {
    if (this.chunk.length - this.at >= n) {
      const out = this.chunk.subarray(this.at, this.at + n);
      this.at += n;
      this.consumed += n;
      return out;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      if (this.at >= this.chunk.length) {
        const next = await this.it.next();
        if (next.done) break;
        this.chunk = next.value;
        this.at = 0;
        continue;
      }
      const count = Math.min(n - filled, this.chunk.length - this.at);
      out.set(this.chunk.subarray(this.at, this.at + count), filled);
      filled += count;
      this.at += count;
    }
    this.consumed += filled;
    return filled === n ? out : out.subarray(0, filled);
  }

  /** The next chunk as it comes (for byte-oriented parsers), or null at the end. */
  async nextChunk(): Promise<Uint8Array | null> {
    if (this.at < this.chunk.length) {
      const out = this.chunk.subarray(this.at);
      this.at = this.chunk.length;
      this.consumed += out.length;
      return out;
    }
    for (;;) {
      const next = await this.it.next();
      if (next.done) return null;
      if (!next.value.length) continue;
      this.consumed += next.value.length;
      this.chunk = next.value;
      this.at = next.value.length;
      return next.value;
    }
  }

  async close(): Promise<void> {
    await this.it.return?.();
  }
}
