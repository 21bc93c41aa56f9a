import type { Dirent, Stats } from 'node:fs';
import { lstat, readFile, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { parseRepoFolderName } from './repoFolder';
import { resolveCacheDir, type Env } from './resolveCacheDir';
import type { CachedRepo, CachedRevision, CacheReport } from '../../../shared/cache/types';
import { detectWeightsFormat } from './weightsFormat';

/*
 * Why not just @huggingface/hub's scanCacheDir: it skips files in sub-folders of a snapshot and
 * refs in sub-folders (`refs/refs/pr/1`), a ref naming a missing snapshot turns the whole repo into a
 * warning, ref contents are not trimmed, it does not report `.incomplete` blobs, and a missing
 * cache folder throws (peer-tools.md §A2). Those gaps touch most of the report, so this scanner
 * walks the same layout itself; scanHfCache.test.ts checks it agrees with scanCacheDir wherever
 * scanCacheDir is right.
 */

const MAX_SNAPSHOT_DEPTH = 16;
const errCode = (err: unknown) => (err as NodeJS.ErrnoException).code ?? 'error';
const toPosix = (p: string) => p.split(sep).join('/');

async function readDirSafe(dir: string, warnings: string[]): Promise<Dirent[] | null> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (errCode(err) !== 'ENOENT') warnings.push(`${dir}: cannot be read (${errCode(err)})`);
    return null;
  }
}

/** Scans the HF hub cache; never throws for a missing or damaged cache (problems become warnings). */
export async function scanHfCache(cacheDir?: string, env: Env = process.env): Promise<CacheReport> {
  const dir = resolve(cacheDir ?? resolveCacheDir(env));
  const warnings: string[] = [];
  const info = await stat(dir).catch((err: unknown) => err as NodeJS.ErrnoException);
  if (info instanceof Error || !info.isDirectory()) {
    const why = info instanceof Error ? (info.code === 'ENOENT' ? 'no such folder' : `cannot be read (${info.code})`) : 'not a folder';
    return { cacheDir: dir, repos: [], warnings: [`${dir}: no HF cache here (${why})`] };
  }
  const entries = (await readDirSafe(dir, warnings)) ?? [];
  const repos: CachedRepo[] = [];
  await Promise.all(
    entries.map(async (entry) => {
      if (entry.name.startsWith('.') || !entry.isDirectory()) return; // .locks, CACHEDIR.TAG, version.txt
      const parsed = parseRepoFolderName(entry.name);
      if (!parsed) {
        warnings.push(`${join(dir, entry.name)}: not a repo folder of the HF cache`);
        return;
      }
      repos.push(await scanRepo(join(dir, entry.name), parsed.repoId, parsed.repoType, warnings));
    }),
  );
  repos.sort((a, b) => a.repoType.localeCompare(b.repoType) || a.repoId.localeCompare(b.repoId));
  return { cacheDir: dir, repos, warnings: warnings.sort() };
}

interface BlobInfo {
  size: number;
  mtimeMs: number;
}

async function scanRepo(repoDir: string, repoId: string, repoType: CachedRepo['repoType'], warnings: string[]): Promise<CachedRepo> {
  let newest = 0;
  const seen = (ms: number) => {
    if (ms > newest) newest = ms;
  };

  // blobs/: complete ones count toward size; *.incomplete are interrupted or running downloads.
  // Keyed by real path, because snapshot symlinks are compared after realpath().
  const realRepo = await realpath(repoDir).catch(() => repoDir);
  const blobs = new Map<string, BlobInfo>();
  let incompleteDownloads = 0;
  let incompleteBytes = 0;
  for (const b of (await readDirSafe(join(repoDir, 'blobs'), warnings)) ?? []) {
    const full = join(realRepo, 'blobs', b.name);
    const st = await lstat(full).catch(() => null);
    if (!st?.isFile()) continue;
    if (b.name.endsWith('.incomplete')) {
      incompleteDownloads++;
      incompleteBytes += st.size;
      continue;
    }
    blobs.set(full, { size: st.size, mtimeMs: st.mtimeMs });
    seen(st.mtimeMs);
  }

  // refs/: every file below it, nested ones included (huggingface_hub writes `refs/<revision>`).
  const refs: Record<string, string> = {};
  await collectRefs(join(repoDir, 'refs'), join(repoDir, 'refs'), refs, warnings);

  // snapshots/<commit>/: files at any depth, symlinks into blobs/ (or real files without symlinks).
  const revisions: CachedRevision[] = [];
  const extraFiles = new Map<string, BlobInfo>();
  const snapshotsDir = join(repoDir, 'snapshots');
  for (const s of (await readDirSafe(snapshotsDir, warnings)) ?? []) {
    if (!s.isDirectory()) continue;
    const path = join(snapshotsDir, s.name);
    const files: SnapshotFile[] = [];
    await walkSnapshot(path, path, 0, files, warnings);
    const stSnap = await lstat(path).catch(() => null);
    if (stSnap) seen(stSnap.mtimeMs);
    const counted = new Set<string>();
    let size = 0;
    for (const f of files) {
      if (counted.has(f.target)) continue;
      counted.add(f.target);
      size += f.size;
      if (!blobs.has(f.target)) extraFiles.set(f.target, { size: f.size, mtimeMs: f.mtimeMs });
      seen(f.mtimeMs);
    }
    const rel = files.map((f) => f.path);
    revisions.push({
      commit: s.name,
      refs: Object.keys(refs).filter((r) => refs[r] === s.name).sort(),
      files: files.length,
      sizeOnDisk: size,
      hasConfig: rel.includes('config.json'),
      weights: detectWeightsFormat(rel),
      path,
    });
  }
  for (const [name, commit] of Object.entries(refs)) {
    if (!revisions.some((r) => r.commit === commit)) warnings.push(`${join(repoDir, 'refs', name)}: names ${commit}, which has no snapshot folder`);
  }
  revisions.sort((a, b) => Number(b.refs.length > 0) - Number(a.refs.length > 0) || a.commit.localeCompare(b.commit));

  let sizeOnDisk = 0;
  for (const b of blobs.values()) sizeOnDisk += b.size;
  for (const f of extraFiles.values()) sizeOnDisk += f.size;
  return {
    repoId,
    repoType,
    sizeOnDisk,
    lastModified: newest ? new Date(newest).toISOString() : null,
    refs,
    revisions,
    incompleteDownloads,
    incompleteBytes,
    path: repoDir,
  };
}

async function collectRefs(root: string, dir: string, refs: Record<string, string>, warnings: string[]): Promise<void> {
  for (const e of (await readDirSafe(dir, warnings)) ?? []) {
    const full = join(dir, e.name);
    if (e.isDirectory()) await collectRefs(root, full, refs, warnings);
    else if (e.isFile()) {
      try {
        const commit = (await readFile(full, 'utf8')).trim();
        if (commit) refs[toPosix(relative(root, full))] = commit;
      } catch (err) {
        warnings.push(`${full}: cannot be read (${errCode(err)})`);
      }
    }
  }
}

interface SnapshotFile {
  /** Path inside the snapshot, forward slashes. */
  path: string;
  /** What it resolves to (a blob), so a blob shared by two paths is counted once. */
  target: string;
  size: number;
  mtimeMs: number;
}

async function walkSnapshot(root: string, dir: string, depth: number, out: SnapshotFile[], warnings: string[]): Promise<void> {
  if (depth > MAX_SNAPSHOT_DEPTH) {
    warnings.push(`${dir}: nested deeper than ${MAX_SNAPSHOT_DEPTH} folders, not scanned`);
    return;
  }
  for (const e of (await readDirSafe(dir, warnings)) ?? []) {
    const full = join(dir, e.name);
    let link: Stats;
    try {
      link = await lstat(full);
    } catch (err) {
      warnings.push(`${full}: cannot be read (${errCode(err)})`);
      continue;
    }
    if (link.isDirectory()) {
      await walkSnapshot(root, full, depth + 1, out, warnings); // real folders only: no symlink loops
      continue;
    }
    let target = full;
    let st: Stats = link;
    if (link.isSymbolicLink()) {
      try {
        target = await realpath(full);
        st = await stat(target);
      } catch (err) {
        const to = await readlink(full).catch(() => '?');
        warnings.push(`${full}: broken symlink to ${to} (${errCode(err)})`);
        continue;
      }
      if (!st.isFile()) continue;
    } else if (!link.isFile()) continue;
    out.push({ path: toPosix(relative(root, full)), target, size: st.size, mtimeMs: st.mtimeMs });
  }
}
