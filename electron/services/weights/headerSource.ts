/**
 * Where safetensors headers come from: local files (fs.open + two reads) or a Hub repo (HTTP
 * range requests). Both return the raw JSON header bytes and the file's size; parsing and
 * validation happen in shared/weights.
 */
export interface RawHeader {
  json: Uint8Array;
  fileBytes: number;
}

export interface HeaderSource {
  /** A label for messages (a path or `org/name@rev: file`). */
  label(file: string): string;
  /**
   * Reads the 8-byte length and the JSON header of `file`. `sizeHint` is the caller's guess of
   * 8 + header length (from the index); a remote source sizes its single request with it.
   */
  readHeader(file: string, sizeHint: number): Promise<RawHeader>;
  /** Byte requests made so far (for the benchmark and tests). */
  stats(): { requests: number; bytes: number };
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the result order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
