/**
 * `.bringup/project.json` on disk: read (validated, migrated), and changed only through
 * `updateProjectFile`, which serialises writers (the app, browser mode and a `bringup` command may
 * touch one port at once) and writes atomically. Evidence and run history go through here too.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { AsyncLocalStorage } from 'node:async_hooks';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { StepId } from '../../../shared/checklist/steps';
import { badInput, BringupError } from '../../../shared/errors';
import { parseProjectFile, RUN_HISTORY_LIMIT, type Evidence, type ProjectFile, type RunRecord } from '../../../shared/project/schema';
import { writeFileAtomic } from '../fs/atomicWrite';

export const BRINGUP_DIR = '.bringup';
export const projectFilePath = (projectDir: string) => join(projectDir, BRINGUP_DIR, 'project.json');

/** The project file, migrated to the current version; null when the folder is not a port (yet). */
export async function readProjectFile(projectDir: string): Promise<ProjectFile | null> {
  const path = projectFilePath(projectDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw badInput(`${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw badInput(`${path}: not valid JSON (${(err as Error).message.split('\n')[0]})`);
  }
  const parsed = parseProjectFile(value);
  if (!parsed.ok) throw badInput(`${path}: not a valid project file: ${parsed.error}`);
  return parsed.project;
}

/** The port's project file, or bad input naming the folder when it is not a port. */
export async function requireProjectFile(projectDir: string): Promise<ProjectFile> {
  const project = await readProjectFile(projectDir);
  if (!project) throw badInput(`${projectDir}: not a Bringup port (no ${BRINGUP_DIR}/project.json; make one with \`bringup generate SOURCE --out ${projectDir}\`)`);
  return project;
}

const queues = new Map<string, Promise<unknown>>();
/** The ports whose lock the current async context holds (so a writer may update inside its own lock). */
const held = new AsyncLocalStorage<ReadonlySet<string>>();

/**
 * Runs `work` holding the port: one at a time in this process (a queue per port), and across
 * processes by `.bringup/project.lock` (a lock whose owner is dead is taken over, so a killed writer
 * never blocks the next run). Re-entrant: `work` may call updateProjectFile or withPortLock again.
 */
export function withPortLock<T>(projectDir: string, work: () => Promise<T>): Promise<T> {
  const key = resolve(projectDir);
  const mine = held.getStore();
  if (mine?.has(key)) return work();
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => withLock(key, () => held.run(new Set([...(mine ?? []), key]), work)));
  queues.set(key, next);
  void next.finally(() => queues.get(key) === next && queues.delete(key)).catch(() => undefined);
  return next;
}

/**
 * Read-modify-write of the project file under the port's lock, written atomically. `mutate` gets
 * the current file (null for a new port).
 */
export function updateProjectFile(projectDir: string, mutate: (current: ProjectFile | null) => ProjectFile | Promise<ProjectFile>): Promise<ProjectFile> {
  return withPortLock(projectDir, async () => {
    const updated = await mutate(await readProjectFile(projectDir));
    await writeFileAtomic(projectFilePath(projectDir), JSON.stringify(updated, null, 2) + '\n');
    return updated;
  });
}

/** A step's evidence, replacing what it had. */
export function recordEvidence(projectDir: string, step: StepId, evidence: Evidence): Promise<ProjectFile> {
  return updateProjectFile(projectDir, (project) => {
    const current = project ?? missingProject(projectDir);
    return { ...current, evidence: { ...current.evidence, [step]: evidence }, updatedAt: evidence.at };
  });
}

/** A run added to (or, by id, updated in) the history; the oldest beyond the limit are dropped. */
export function recordRun(projectDir: string, run: RunRecord, now = new Date()): Promise<ProjectFile> {
  return updateProjectFile(projectDir, (project) => {
    const current = project ?? missingProject(projectDir);
    const runs = [...current.runs.filter((r) => r.id !== run.id), run].slice(-RUN_HISTORY_LIMIT);
    return { ...current, runs, updatedAt: now.toISOString() };
  });
}

function missingProject(projectDir: string): never {
  throw badInput(`${projectDir}: not a Bringup port (no ${BRINGUP_DIR}/project.json)`);
}

/** sha256 of a file's bytes (streamed; only the first `limit` bytes when given), or null when it does not exist or is shorter. */
export async function sha256File(path: string, limit?: number): Promise<string | null> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return null;
    size = info.size;
  } catch {
    return null;
  }
  if (limit !== undefined && size < limit) return null;
  const hash = createHash('sha256');
  if (limit === 0) return hash.digest('hex');
  for await (const chunk of createReadStream(path, limit === undefined ? {} : { start: 0, end: limit - 1 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const sha256Text = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex');

/**
 * An input that is the first `bytes` bytes of a file: a weight file's header (safetensors: the 8-byte
 * length and the JSON; GGUF: everything before the tensor data). Its key is `<path>#header:<bytes>`,
 * so a 600 GB checkpoint is judged by its headers, never by hashing the weights.
 */
export interface HeaderInput {
  path: string;
  bytes: number;
}

const HEADER_KEY = /^(.*)#header:(\d+)$/;

/**
 * The sha256 of each input, keyed as the evidence records it: relative to the project folder when the
 * file is inside it, else absolute. A missing file is left out (its absence is the change).
 */
export async function hashInputs(projectDir: string, paths: Array<string | HeaderInput>): Promise<Record<string, string>> {
  const entries = await Promise.all(paths.map(async (input) => {
    const path = typeof input === 'string' ? input : input.path;
    const absolute = isAbsolute(path) ? path : join(projectDir, path);
    const key = inputKey(projectDir, absolute);
    return typeof input === 'string'
      ? [key, await sha256File(absolute)] as const
      : [`${key}#header:${input.bytes}`, await sha256File(absolute, input.bytes)] as const;
  }));
  return Object.fromEntries(entries.filter((e): e is readonly [string, string] => e[1] !== null));
}

/** The current sha256 of recorded input keys (null: gone), to judge evidence stale (shared/checklist). */
export async function currentHashes(projectDir: string, keys: Iterable<string>): Promise<Record<string, string | null>> {
  const unique = [...new Set(keys)];
  const hashes = await Promise.all(unique.map((key) => {
    const header = HEADER_KEY.exec(key);
    const path = header ? header[1] : key;
    const absolute = isAbsolute(path) ? path : join(projectDir, path);
    return sha256File(absolute, header ? Number(header[2]) : undefined);
  }));
  return Object.fromEntries(unique.map((key, i) => [key, hashes[i]]));
}

export function inputKey(projectDir: string, absolute: string): string {
  const rel = relative(projectDir, absolute);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : absolute;
}

const LOCK_WAIT_MS = 10_000;

async function withLock<T>(projectDir: string, work: () => Promise<T>): Promise<T> {
  const lock = join(projectDir, BRINGUP_DIR, 'project.lock');
  const mine = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  const started = Date.now();
  for (;;) {
    try {
      await createLockFile(lock, mine);
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        await mkdir(join(projectDir, BRINGUP_DIR), { recursive: true });
        continue;
      }
      if (code !== 'EEXIST') throw err;
      const stale = await staleLockContent(lock);
      // Removed only if it still holds what was judged stale, so a fresh lock taken meanwhile survives.
      if (stale !== null && (await readFile(lock, 'utf8').catch(() => null)) === stale) {
        await rm(lock, { force: true });
        continue;
      }
      if (Date.now() - started > LOCK_WAIT_MS) throw new BringupError('conflict', `${lock}: another Bringup has held this port's lock for over ${LOCK_WAIT_MS / 1000} s; try again`);
      await new Promise((r) => setTimeout(r, 15));
    }
  }
  try {
    return await work();
  } finally {
    if ((await readFile(lock, 'utf8').catch(() => null)) === mine) await rm(lock, { force: true });
  }
}

/**
 * Creates the lock with its content in one step (a temp file linked into place, EEXIST when held),
 * so a writer killed at any moment never leaves an empty lock behind; where hard links are refused,
 * an exclusive create.
 */
async function createLockFile(lock: string, content: string): Promise<void> {
  const temp = join(dirname(lock), `.${basename(lock)}.${randomBytes(6).toString('hex')}.tmp`); // ATOMIC_TEMP: swept if a kill leaves it
  try {
    await writeFile(temp, content, { flag: 'wx' });
    await link(temp, lock);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw err;
    const handle = await open(lock, 'wx');
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
  } finally {
    await rm(temp, { force: true });
  }
}

/** The lock's content when its owner is gone (killed), or when it is garbage and old; else null. */
async function staleLockContent(lock: string): Promise<string | null> {
  const text = await readFile(lock, 'utf8').catch(() => null);
  if (text === null) return null; // removed meanwhile: just try again
  const pid = Number.parseInt(text, 10);
  if (!Number.isInteger(pid) || pid <= 0) {
    const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
    return age > 2_000 ? text : null;
  }
  if (pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH' ? text : null;
  }
}
