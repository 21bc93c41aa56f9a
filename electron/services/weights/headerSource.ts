import { parseSafetensorsHeader } from '../../../shared/weights/safetensorsHeader';
import { shardReadOf, type ShardRead } from '../../../shared/weights/shardRead';

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

/** Where the tensor table's shards come from: headers read, validated and totalled, here or on the header worker. */
export interface ShardReads {
  label(file: string): string;
  read(file: string, sizeHint: number): Promise<ShardRead>;
}

/** Each header read from `headers` and parsed on this thread. */
export function parsedHere(headers: HeaderSource): ShardReads {
  return {
    label: (file) => headers.label(file),
    async read(file, sizeHint) {
      const raw = await headers.readHeader(file, sizeHint);
      return shardReadOf(parseSafetensorsHeader(raw.json, { file: headers.label(file), fileBytes: raw.fileBytes }), raw.fileBytes);
    },
  };
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
