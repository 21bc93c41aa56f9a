import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { badInput } from '../../../shared/errors';
import { readHeaderLength } from '../../../shared/weights/safetensorsHeader';
import type { HeaderSource, RawHeader } from './headerSource';

/** Reads only the 8-byte length and the JSON header of each file: never tensor data. */
export function localHeaderSource(dir: string): HeaderSource {
  let requests = 0;
  let bytes = 0;
  return {
    label: (file) => join(dir, file),
    stats: () => ({ requests, bytes }),
    async readHeader(file: string): Promise<RawHeader> {
      const path = join(dir, file);
      let handle;
      try {
        handle = await open(path, 'r');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw badInput(`${path}: ${code === 'ENOENT' ? 'no such file' : `cannot be opened (${code ?? 'error'})`}`);
      }
      try {
        const { size } = await handle.stat();
        const first = new Uint8Array(8);
        const got = (await handle.read(first, 0, 8, 0)).bytesRead;
        const n = readHeaderLength(first.subarray(0, got), { file: path, fileBytes: size });
        const json = new Uint8Array(n);
        const read = (await handle.read(json, 0, n, 8)).bytesRead;
        if (read !== n) throw badInput(`${path}: byte ${8 + read}: file ends inside the header`);
        requests += 2;
        bytes += 8 + n;
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
