import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { repoFolderName } from './repoFolder';

export interface CachedSnapshot {
  /** The snapshot folder. */
  dir: string;
  commit: string;
}

const COMMIT_PREFIX = /^[0-9a-f]{7,40}$/;

/**
 * Finds `repoId@revision` in the HF cache the way huggingface_hub does offline: the ref file
 * `refs/<revision>` names the commit; a full or abbreviated commit matches a snapshot folder.
 * Returns null when the cache does not hold that revision (or the prefix is ambiguous).
 */
export async function findCachedSnapshot(cacheDir: string, repoId: string, revision = 'main'): Promise<CachedSnapshot | null> {
  const repoDir = join(cacheDir, repoFolderName(repoId));
  if (revision.split('/').some((p) => p === '..' || p === '')) return null;
  const snapshotDir = (commit: string) => join(repoDir, 'snapshots', commit);
  const isDir = async (p: string) => (await stat(p).catch(() => null))?.isDirectory() ?? false;

  const refCommit = (await readFile(join(repoDir, 'refs', revision), 'utf8').catch(() => '')).trim();
  if (refCommit && /^[\w.-]+$/.test(refCommit) && (await isDir(snapshotDir(refCommit)))) return { dir: snapshotDir(refCommit), commit: refCommit };

  if (COMMIT_PREFIX.test(revision)) {
    const commits = (await readdir(join(repoDir, 'snapshots')).catch(() => [] as string[])).filter((c) => c.startsWith(revision));
    if (commits.length === 1 && (await isDir(snapshotDir(commits[0])))) return { dir: snapshotDir(commits[0]), commit: commits[0] };
  }
  return null;
}
