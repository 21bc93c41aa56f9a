// Test helper: builds real HF cache layouts (blobs, relative snapshot symlinks, refs) in temp folders.
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { repoFolderName } from './repoFolder';

export const tempDir = (prefix = 'bringup-cache-') => mkdtemp(join(tmpdir(), prefix));

export interface FakeCachedFile {
  path: string;
  blob: string;
  content: string | Uint8Array;
}

/** Writes `blobs/<blob>` and the relative symlink `snapshots/<commit>/<path>` → `../../blobs/<blob>`. */
export async function addSnapshotFiles(cacheDir: string, repoId: string, commit: string, files: FakeCachedFile[]): Promise<string> {
  const repoDir = join(cacheDir, repoFolderName(repoId));
  for (const f of files) {
    const blob = join(repoDir, 'blobs', f.blob);
    await mkdir(dirname(blob), { recursive: true });
    await writeFile(blob, f.content);
    const link = join(repoDir, 'snapshots', commit, f.path);
    await mkdir(dirname(link), { recursive: true });
    await symlink(relative(dirname(link), blob), link);
  }
  await mkdir(join(repoDir, 'snapshots', commit), { recursive: true });
  return repoDir;
}

export async function writeRef(cacheDir: string, repoId: string, ref: string, commit: string): Promise<void> {
  const path = join(cacheDir, repoFolderName(repoId), 'refs', ref);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, commit);
}
