/**
 * Bringup's side of the supervisor (./supervisor/supervisorMain.ts): start a command in its own
 * process group behind it, read its output, stop it (SIGINT, SIGTERM, SIGKILL after grace periods),
 * and know when nothing of the group is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { startWatched } from './watched';

export interface SupervisedJob {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  graceMs?: { interrupt?: number; terminate?: number };
}

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /** Date.now() when the command exited. */
  at: number;
}

export interface StopInfo {
  /** The signal that finally emptied the group (null: it was already gone). */
  signal: string | null;
  tookMs: number;
  reason: string;
}

export interface Supervised {
  stdout: Readable;
  stderr: Readable;
  /** Resolves with the command's pid and the time it started, or rejects when it could not start (ENOENT ...). */
  spawned: Promise<{ pid: number; at: number }>;
  /** The command's own exit. */
  exited: Promise<ExitInfo>;
  /** Nothing of the group is left and the supervisor is done. */
  done: Promise<StopInfo | null>;
  /** Stops the group (idempotent); resolves when nothing of it is left. */
  stop(firstSignal?: 'SIGINT' | 'SIGTERM' | 'SIGKILL'): Promise<StopInfo | null>;
  /** Whether a stop was asked for. */
  readonly stopRequested: boolean;
  readonly supervisorPid: number | undefined;
}

/** Where the built supervisor is: beside the CLI build, found from the resources folder. */
export function defaultSupervisorPath(resourcesDir: string): string {
  return join(resourcesDir, '..', 'out', 'node', 'runner', 'supervisor.js');
}

/**
 * How hooks are supervised: by the Node supervisor (supervisor.js, run by this Node), or, where this
 * process cannot run it (the packaged desktop app: Electron with the RunAsNode fuse off), by Bringup
 * itself with a shell watchdog on the lifeline (watched.ts).
 */
export type SupervisorChoice = { kind: 'node'; path: string } | { kind: 'shell' };

export function startSupervisedBy(job: SupervisedJob, choice: SupervisorChoice): Supervised {
  return choice.kind === 'node' ? startSupervised(job, choice.path) : startWatched(job);
}

export function startSupervised(job: SupervisedJob, supervisorPath: string): Supervised {
  if (!existsSync(supervisorPath)) throw new Error(`${supervisorPath}: the process supervisor is not built; run \`npm run build\``);
  // Its own session: a terminal's Ctrl+C or hangup reaches Bringup, which decides; the supervisor only
  // follows its lifeline (fd 0). Under Electron, process.execPath runs as plain Node with this variable.
  const supervisor: ChildProcess = spawn(process.execPath, [supervisorPath], {
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    detached: true,
    env: { PATH: process.env.PATH ?? '', ELECTRON_RUN_AS_NODE: '1' },
  });
  supervisor.stdin!.on('error', () => undefined);
  supervisor.stdin!.write(JSON.stringify(job) + '\n');

  let pgid: number | null = null;
  let stopRequested = false;
  let stopInfo: StopInfo | null = null;
  let resolveSpawned!: (v: { pid: number; at: number }) => void;
  let rejectSpawned!: (e: Error) => void;
  let resolveExited!: (v: ExitInfo) => void;
  const spawned = new Promise<{ pid: number; at: number }>((res, rej) => ((resolveSpawned = res), (rejectSpawned = rej)));
  const exited = new Promise<ExitInfo>((res) => (resolveExited = res));
  spawned.catch(() => undefined);

  let buffer = '';
  const reports = supervisor.stdio[3] as Readable;
  reports.setEncoding('utf8');
  reports.on('data', (text: string) => {
    buffer += text;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      let m: { event: string; pid?: number; pgid?: number; at: number; code?: number | string | null; signal?: string | null; message?: string; tookMs?: number; reason?: string };
      try {
        m = JSON.parse(line);
      } catch {
        continue;
      }
      if (m.event === 'spawned') {
        pgid = m.pgid ?? m.pid ?? null;
        resolveSpawned({ pid: m.pid!, at: m.at });
      } else if (m.event === 'spawn-error') {
        const err = new Error(`${job.argv[0]}: ${m.code === 'ENOENT' ? 'not found' : m.code === 'EACCES' ? 'not executable' : m.message}`) as NodeJS.ErrnoException;
        err.code = String(m.code);
        rejectSpawned(err);
        resolveExited({ code: null, signal: null, at: m.at });
      } else if (m.event === 'exit') {
        resolveExited({ code: typeof m.code === 'number' ? m.code : null, signal: m.signal ?? null, at: m.at });
      } else if (m.event === 'group-gone') {
        stopInfo = { signal: m.signal ?? null, tookMs: m.tookMs ?? 0, reason: m.reason ?? '' };
      }
    }
  });

  reports.on('error', () => undefined);
  // The supervisor's exit, once its last reports are read: fd 3 is the supervisor's alone (its
  // stdout and stderr are the command's too, and stay open while the command lives).
  const reportsEnded = new Promise<void>((resolve) => reports.once('close', () => resolve()));
  const supervisorExited = new Promise<Error | null>((resolve) => {
    supervisor.once('exit', () => resolve(null));
    supervisor.once('error', (err) => resolve(err));
  });
  const done = supervisorExited.then(async (error) => {
    if (!error) await reportsEnded;
    // A supervisor that died (killed on its own) leaves the group to us: end it.
    if (!stopInfo && pgid !== null) killGroup(pgid, 'SIGKILL');
    rejectSpawned(error ?? new Error(`${job.argv[0]}: the process supervisor exited before starting it`));
    resolveExited({ code: null, signal: null, at: Date.now() });
    return stopInfo;
  });

  return {
    stdout: supervisor.stdout!,
    stderr: supervisor.stderr!,
    spawned,
    exited,
    done,
    get stopRequested() {
      return stopRequested;
    },
    supervisorPid: supervisor.pid,
    stop(firstSignal = 'SIGINT') {
      if (!stopRequested) {
        stopRequested = true;
        if (supervisor.exitCode === null && supervisor.signalCode === null) supervisor.stdin!.write(JSON.stringify({ op: 'stop', signal: firstSignal }) + '\n');
      }
      return done;
    },
  };
}

/**
 * Only a group that still exists: a process group id is not handed out again while its group has a
 * member, so an existing group with this id is still ours (PIDs wrap quickly on a busy machine).
 */
function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, 0);
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}
