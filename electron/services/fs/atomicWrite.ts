import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that readers see the old content or the new, never half of it, even if the
 * process is killed or the machine loses power: temp file in the same folder, fsync, rename over the
 * target, fsync of the folder (so the rename itself is durable). The temp file is created
 * exclusively ('wx'): never through a file or link already there.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

/** fsync of a folder makes a rename in it durable; some file systems (and Windows) refuse it: that is fine. */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EPERM/EINVAL where directories cannot be opened or synced.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Temp files a killed writer left behind (`.<name>.<hex>.tmp`): never read, safe to remove. */
export const ATOMIC_TEMP = /^\..+\.[0-9a-f]{12}\.tmp$/;
