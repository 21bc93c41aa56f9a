/**
 * `.bringup/project.json` on disk: read (validated, migrated), and changed only through
 * `updateProjectFile`, which serialises writers (the app, browser mode and a `bringup` command may
 * touch one port at once) and writes atomically. Evidence and run history go through here too.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
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

/**
 * Read-modify-write of the project file, one writer at a time: in this process by a queue per port,
 * across processes by `.bringup/project.lock` (a lock whose owner is dead is taken over, so a killed
 * writer never blocks the next run). `mutate` gets the current file (null for a new port).
 */
export function updateProjectFile(projectDir: string, mutate: (current: ProjectFile | null) => ProjectFile | Promise<ProjectFile>): Promise<ProjectFile> {
  const previous = queues.get(projectDir) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => withLock(projectDir, async () => {
    const updated = await mutate(await readProjectFile(projectDir));
    await writeFileAtomic(projectFilePath(projectDir), JSON.stringify(updated, null, 2) + '\n');
    return updated;
  }));
  queues.set(projectDir, next);
  void next.finally(() => queues.get(projectDir) === next && queues.delete(projectDir)).catch(() => undefined);
  return next;
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

/** sha256 of a file's bytes (streamed), or null when it does not exist. */
export async function sha256File(path: string): Promise<string | null> {
  try {
    if (!(await stat(path)).isFile()) return null;
  } catch {
    return null;
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const sha256Text = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex');

/**
 * The sha256 of each input, keyed as the evidence records it: relative to the project folder when the
 * file is inside it, else absolute. A missing file is left out (its absence is the change).
 */
export async function hashInputs(projectDir: string, paths: string[]): Promise<Record<string, string>> {
  const entries = await Promise.all(paths.map(async (path) => {
    const absolute = isAbsolute(path) ? path : join(projectDir, path);
    return [inputKey(projectDir, absolute), await sha256File(absolute)] as const;
  }));
  return Object.fromEntries(entries.filter((e): e is readonly [string, string] => e[1] !== null));
}

export function inputKey(projectDir: string, absolute: string): string {
  const rel = relative(projectDir, absolute);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : absolute;
}

const LOCK_WAIT_MS = 10_000;

async function withLock<T>(projectDir: string, work: () => Promise<T>): Promise<T> {
  const lock = join(projectDir, BRINGUP_DIR, 'project.lock');
  const started = Date.now();
  for (;;) {
    try {
      await writeFileAtomicExclusive(lock, `${process.pid}\n`);
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        await mkdir(join(projectDir, BRINGUP_DIR), { recursive: true });
        continue;
      }
      if (code !== 'EEXIST') throw err;
      if (await lockIsStale(lock)) {
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
    await rm(lock, { force: true });
  }
}

async function writeFileAtomicExclusive(path: string, content: string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
}

/** A lock is stale when its owner is gone (killed), or when it cannot even be read after a while. */
async function lockIsStale(lock: string): Promise<boolean> {
  const text = await readFile(lock, 'utf8').catch(() => null);
  if (text === null) return false; // removed meanwhile: just try again
  const pid = Number.parseInt(text, 10);
  if (!Number.isInteger(pid) || pid <= 0) {
    // Created but not yet written, or garbage from a killed writer: stale once it is old.
    const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
    return age > 2_000;
  }
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
