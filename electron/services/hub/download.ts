import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/atomicWrite';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { BringupError } from '../../../shared/errors';
import { repoFolderName } from '../cache/repoFolder';
import { resolveCacheDir, type Env } from '../cache/resolveCacheDir';
import { downloadBlob } from './downloadFile';
import { makeIncludeFilter, type IncludeSpec } from './downloadPatterns';
import { createHubClient, type HubClient, type HubFile } from './hubClient';
import { offlineError } from './hubErrors';
import { isOffline } from './hubUrl';
import { isSafeRepoPath } from './pathSafety';
import { TransferRate } from './transferRate';

export interface DownloadRequest {
  repo: string;
  revision?: string;
  /** 'config' (config and tokenizer files), 'all', or glob patterns (`*.json`, `model-0000?-*.safetensors`). */
  include?: IncludeSpec;
  cacheDir?: string;
  hubUrl?: string | null;
  token?: string | null;
  env?: Env;
  offline?: boolean;
  /** Files transferred at once (default 3). */
  parallel?: number;
  /** Abandon a transfer after this long without a byte (default 30 s). */
  stallTimeoutMs?: number;
  /** Automatic resumes of a file after a broken connection (default 2). */
  retries?: number;
  fetch?: typeof fetch;
  /** An existing client (its Hub URL, token and offline setting win). */
  client?: HubClient;
}

export type { FileState, FileProgress, DownloadProgress, DownloadResult } from '../../../shared/hub/types';
import type { FileProgress, DownloadProgress, DownloadResult } from '../../../shared/hub/types';

export interface DownloadHandle {
  id: string;
  /** Emits 'progress' (DownloadProgress), at most every `PROGRESS_INTERVAL_MS` and on every file state change. */
  events: EventEmitter;
  cancel(): void;
  done: Promise<DownloadResult>;
}

const PROGRESS_INTERVAL_MS = 100;
const BLOB_NAME = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;

const blobsInFlight = new Map<string, Promise<unknown>>();

/** Runs `task` once no other task with the same key is running (later ones then find the blob complete). */
async function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  while (blobsInFlight.has(key)) await blobsInFlight.get(key)!.catch(() => undefined);
  const running = task();
  blobsInFlight.set(key, running);
  try {
    return await running;
  } finally {
    blobsInFlight.delete(key);
  }
}

/** Starts downloading a repo's files into the HF cache layout; see DownloadHandle. */
export function startDownload(request: DownloadRequest): DownloadHandle {
  const id = randomUUID();
  const events = new EventEmitter();
  events.on('error', () => undefined); // listeners are optional; errors go through `done`
  const abort = new AbortController();
  const done = runDownload(id, request, events, abort.signal);
  done.catch(() => undefined);
  return { id, events, cancel: () => abort.abort(), done };
}

async function runDownload(id: string, request: DownloadRequest, events: EventEmitter, signal: AbortSignal): Promise<DownloadResult> {
  const env = request.env ?? process.env;
  const revision = request.revision ?? 'main';
  const label = `${request.repo}@${revision}`;
  const client = request.client ?? createHubClient({ hubUrl: request.hubUrl, env, offline: request.offline, token: async () => request.token ?? null, fetch: request.fetch });
  if (client.offline || isOffline(env, request.offline)) throw offlineError(`download of ${label}`, client.offlineReason ?? (isOffline(env) ? 'env' : 'option'), client.audience);
  const cacheDir = resolve(request.cacheDir ?? resolveCacheDir(env));
  const repoDir = join(cacheDir, repoFolderName(request.repo));
  if (!isInside(cacheDir, repoDir) || request.repo.split('/').some((p) => p === '..' || p === '.' || p === '')) {
    throw new BringupError('bad-input', `${request.repo}: not a valid repo id`);
  }

  const info = await client.modelInfo(request.repo, revision);
  const commit = info.sha;
  if (!/^[0-9a-f]{40}$/.test(commit)) throw new BringupError('network', `${label}: the Hub named an invalid commit ${JSON.stringify(commit)}`);
  const snapshotDir = join(repoDir, 'snapshots', commit);
  const warnings = [...info.warnings];
  const selected = info.files.filter((f) => makeIncludeFilter(request.include ?? 'all')(f.path));
  if (selected.length === 0) warnings.push(`${label}: no file matches ${JSON.stringify(request.include ?? 'all')}`);

  const files: FileProgress[] = selected.map((f) => ({ path: f.path, bytes: 0, total: f.size, state: 'queued' }));
  const rate = new TransferRate();
  let sessionBytes = 0;
  let lastEmit = 0;
  let trailing: NodeJS.Timeout | undefined;
  const emit = (force: boolean) => {
    const now = Date.now();
    if (!force && now - lastEmit < PROGRESS_INTERVAL_MS) {
      // Throttled, but the latest state still goes out once the interval has passed.
      trailing ??= setTimeout(() => {
        trailing = undefined;
        emit(true);
      }, PROGRESS_INTERVAL_MS);
      return;
    }
    clearTimeout(trailing);
    trailing = undefined;
    lastEmit = now;
    const bytes = files.reduce((a, f) => a + f.bytes, 0);
    const total = files.reduce((a, f) => a + f.total, 0);
    rate.record(sessionBytes);
    events.emit('progress', { id, files: files.map((f) => ({ ...f })), overall: { bytes, total, rate: rate.rate(), etaSeconds: rate.eta(total - bytes) } } satisfies DownloadProgress);
  };
  emit(true);

  const { callParams } = client;
  const { accessToken } = await callParams();
  const headers: Record<string, string> = accessToken ? { Authorization: `Bearer ${accessToken}` } : {};
  const fetchFn = request.fetch ?? fetch;
  const results: DownloadResult['files'] = [];

  const downloadOne = async (file: HubFile, progress: FileProgress) => {
    const blob = file.lfs?.sha256 ?? file.oid ?? '';
    if (!isSafeRepoPath(file.path)) throw new BringupError('network', `${label}: unsafe file path ${JSON.stringify(file.path)} from the Hub`);
    if (!BLOB_NAME.test(blob)) throw new BringupError('network', `${label}/${file.path}: the Hub listed no usable checksum (${JSON.stringify(blob)})`);
    const linkPath = join(snapshotDir, ...file.path.split('/'));
    if (!isInside(snapshotDir, linkPath)) throw new BringupError('network', `${label}: ${file.path} would be written outside the snapshot folder`);
    const blobPath = join(repoDir, 'blobs', blob);
    await mkdir(dirname(blobPath), { recursive: true });
    progress.state = 'downloading';
    emit(true);
    let lastOnDisk = 0;
    let attempt = 0;
    for (;;) {
      try {
        // One transfer per blob at a time in this process: two paths (or two downloads) sharing a blob would append to the same .incomplete file.
        const r = await oneAtATime(blobPath, () => downloadBlob({
          url: client.fileUrl(request.repo, commit, file.path),
          blobPath,
          size: file.size,
          expect: file.lfs ? { kind: 'sha256', hex: file.lfs.sha256 } : { kind: 'git-sha1', hex: blob },
          headers,
          label: `${request.repo}/${file.path}`,
          hubUrl: client.hubUrl,
          repo: request.repo,
          path: file.path,
          fetch: fetchFn,
          signal,
          stallTimeoutMs: request.stallTimeoutMs ?? 30_000,
          onBytes(onDisk, fresh) {
            if (fresh && onDisk > lastOnDisk) sessionBytes += onDisk - lastOnDisk;
            lastOnDisk = onDisk;
            progress.bytes = onDisk;
            emit(false);
          },
        }));
        await linkIntoSnapshot(linkPath, blobPath);
        progress.bytes = file.size;
        progress.state = r.cached ? 'cached' : 'done';
        results.push({ path: file.path, size: file.size, blob, cached: r.cached, resumedFrom: r.resumedFrom });
        emit(true);
        return;
      } catch (err) {
        // A broken connection is retried from where it stopped; checksum and HTTP errors are not.
        const resumable = err instanceof BringupError && /download again to resume/.test(err.message);
        if (signal.aborted || !resumable || attempt >= (request.retries ?? 2)) {
          progress.state = 'failed';
          emit(true);
          throw signal.aborted ? cancelled(label) : err;
        }
        attempt++;
      }
    }
  };

  await runBounded(
    selected.map((f, i) => () => downloadOne(f, files[i])),
    Math.max(1, request.parallel ?? 3),
    signal,
  ).catch((err: unknown) => {
    clearTimeout(trailing);
    throw signal.aborted ? cancelled(label) : err;
  });

  await mkdir(snapshotDir, { recursive: true });
  if (revision !== commit) await writeRef(repoDir, revision, commit);
  emit(true);
  results.sort((a, b) => a.path.localeCompare(b.path));
  return { id, repo: request.repo, revision, commit, cacheDir, snapshotDir, files: results, bytesDownloaded: sessionBytes, warnings };
}

const cancelled = (label: string) => new BringupError('cancelled', `download of ${label} cancelled; partial files are kept and a new download resumes them`);

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !resolve(root, rel).startsWith('..');
}

/** `snapshots/<commit>/<path>` → relative symlink to `blobs/<blob>`, as huggingface_hub writes it. */
async function linkIntoSnapshot(linkPath: string, blobPath: string): Promise<void> {
  await mkdir(dirname(linkPath), { recursive: true });
  const target = relative(dirname(linkPath), blobPath);
  if ((await readlink(linkPath).catch(() => null)) === target) return;
  // A new link renamed over the old one: another download linking the same path at once cannot race it.
  const temp = `${linkPath}.${randomUUID()}.tmp`;
  await symlink(target, temp);
  await rename(temp, linkPath).catch(async (err: unknown) => {
    await rm(temp, { force: true });
    throw err;
  });
}

/** `refs/<revision>` holds the commit (so `refs/pr/1` becomes `refs/refs/pr/1`, as in huggingface_hub). */
async function writeRef(repoDir: string, revision: string, commit: string): Promise<void> {
  if (!isSafeRepoPath(revision)) return;
  const refPath = join(repoDir, 'refs', ...revision.split('/'));
  if (!isInside(join(repoDir, 'refs'), refPath)) return;
  await writeFileAtomic(refPath, commit);
}

/** Runs tasks with at most `limit` at once; the first failure stops new ones from starting. */
async function runBounded(tasks: Array<() => Promise<void>>, limit: number, signal: AbortSignal): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (next < tasks.length && failure === null && !signal.aborted) {
      const task = tasks[next++];
      try {
        await task();
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  if (failure !== null) throw failure;
  if (signal.aborted) throw new BringupError('cancelled', 'cancelled');
}
