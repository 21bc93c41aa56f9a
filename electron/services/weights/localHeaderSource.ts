import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { badInput } from '../../../shared/errors';
import { readHeaderLength } from '../../../shared/weights/safetensorsHeader';
import type { HeaderSource, RawHeader } from './headerSource';

/**
 * Reads the 8-byte length and the JSON header of each file, in one read of the caller's size guess
 * when the header fits (the few bytes past it are dropped): never the tensor data.
 */
export function localHeaderSource(dir: string): HeaderSource {
  let requests = 0;
  let bytes = 0;
  return {
    label: (file) => join(dir, file),
    stats: () => ({ requests, bytes }),
    async readHeader(file: string, sizeHint: number): Promise<RawHeader> {
      const path = join(dir, file);
      let handle;
      try {
        handle = await open(path, 'r');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw badInput(`${path}: ${code === 'ENOENT' ? 'no such file' : `cannot be opened (${code ?? 'error'})`}`);
      }
      try {
        // One read sized by the caller's guess usually holds the length and the whole header; the stat runs beside it.
        const first = new Uint8Array(Math.max(8, sizeHint));
        const [{ size }, { bytesRead: got }] = await Promise.all([handle.stat(), handle.read(first, 0, first.length, 0)]);
        const n = readHeaderLength(first.subarray(0, Math.min(got, 8)), { file: path, fileBytes: size });
        requests++;
        bytes += got;
        if (got >= 8 + n) return { json: first.subarray(8, 8 + n), fileBytes: size };
        const json = new Uint8Array(n);
        json.set(first.subarray(8, got));
        const rest = (await handle.read(json, got - 8, n - (got - 8), got)).bytesRead;
        requests++;
        bytes += rest;
        const read = got - 8 + rest;
        if (read !== n) throw badInput(`${path}: byte ${8 + read}: file ends inside the header`);
        return { json, fileBytes: size };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code) throw badInput(`${path}: cannot be read (${(err as NodeJS.ErrnoException).code})`);
        throw err;
      } finally {
        await handle.close();
      }
    },
  };
}
