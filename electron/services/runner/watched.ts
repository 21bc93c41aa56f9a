/**
 * The supervisor without a JavaScript runtime of its own, for the packaged desktop app: its Electron
 * binary has the RunAsNode fuse off (docs/packaging.md), so it cannot run supervisor.js as Node. Bringup
 * starts the command itself in its own process group, and a POSIX shell watchdog holds the lifeline:
 * it blocks reading a pipe from Bringup; a line means "done, exit"; end of file (Bringup died, however)
 * means "end the group": SIGINT, then SIGTERM, then SIGKILL after the grace periods. The watchdog's
 * script is a constant; the group id and the grace periods reach it as positional arguments, never
 * inside the script text. Same interface as the Node supervisor (supervised.ts).
 */
import { spawn } from 'node:child_process';
import { groupAlive, stopSequence, type StopSignal } from './processGroup';
import type { ExitInfo, StopInfo, Supervised, SupervisedJob } from './supervised';

/**
 * $1 group id, $2 and $3 the SIGINT and SIGTERM grace periods in tenths of a second. A member counts
 * while it is not a zombie (from /proc where there is one): where PID 1 does not reap orphans, as in
 * some containers, `kill -0` of the group succeeds for zombies and the watchdog would wait out every
 * grace period for processes that are already gone. `kill -SIG -PGID`, never `kill -SIG -- -PGID`:
 * dash (Debian's /bin/sh) takes no `--` and refused every kill ("Illegal number: -").
 */
const WATCHDOG = [
  'if read -r _; then exit 0; fi',
  'G=$1',
  'alive() {',
  '  if [ -r /proc/self/stat ]; then',
  '    for f in /proc/[0-9]*/stat; do',
  '      { read -r line < "$f"; } 2>/dev/null || continue',
  // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so read after the last ") ".
  '      set -- ${line##*) }',
  '      [ "$3" = "$G" ] && [ "$1" != Z ] && [ "$1" != X ] && return 0',
  '    done',
  '    return 1',
  '  fi',
  '  kill -0 "-$G" 2>/dev/null',
  '}',
  'wait_gone() { i=0; while alive && [ "$i" -lt "$1" ]; do sleep 0.1; i=$((i+1)); done; }',
  'alive || exit 0',
  'kill -INT "-$G" 2>/dev/null; wait_gone "$2"',
  'alive && kill -TERM "-$G" 2>/dev/null && wait_gone "$3"',
  'alive && kill -KILL "-$G" 2>/dev/null',
  'exit 0',
].join('\n');

export const SHELL = '/bin/sh';

export function startWatched(job: SupervisedJob): Supervised {
  const child = spawn(job.argv[0], job.argv.slice(1), { cwd: job.cwd, env: job.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const tenths = (ms: number | undefined, fallback: number) => String(Math.ceil((ms ?? fallback) / 100));
  let watchdog: ReturnType<typeof spawn> | null = null;
  let stopRequested = false;
  let stopping: Promise<StopInfo | null> | null = null;

  const spawned = new Promise<{ pid: number; at: number }>((resolve, reject) => {
    child.once('spawn', () => {
      // Its own session, like the command's group: a terminal's signals reach Bringup, which decides.
      watchdog = spawn(SHELL, ['-c', WATCHDOG, 'bringup-watchdog', String(child.pid), tenths(job.graceMs?.interrupt, 5000), tenths(job.graceMs?.terminate, 3000)], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
      watchdog.stdin!.on('error', () => undefined);
      watchdog.on('error', () => undefined);
      watchdog.unref();
      resolve({ pid: child.pid!, at: Date.now() });
    });
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return;
      const error = new Error(`${job.argv[0]}: ${err.code === 'ENOENT' ? 'not found' : err.code === 'EACCES' ? 'not executable' : err.message}`) as NodeJS.ErrnoException;
      error.code = err.code;
      reject(error);
    });
  });
  spawned.catch(() => undefined);
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
    child.once('error', () => child.pid === undefined && resolve({ code: null, signal: null, at: Date.now() }));
  });

  const stopGroup = (first: StopSignal, reason: string): Promise<StopInfo | null> => {
    stopping ??= (async () => {
      const pid = await spawned.then((s) => s.pid, () => null);
      if (pid === null) return null;
      const started = Date.now();
      const signal = groupAlive(pid) ? await stopSequence(pid, job.graceMs, first) : null;
      watchdog?.stdin?.end('done\n');
      return { signal, tookMs: Date.now() - started, reason };
    })();
    return stopping;
  };
  // When the command exits on its own, whatever it left in its group is ended the same way.
  const done = exited.then(() => stopGroup('SIGTERM', 'exited'));

  return {
    stdout: child.stdout!,
    stderr: child.stderr!,
    spawned,
    exited,
    done,
    get stopRequested() {
      return stopRequested;
    },
    get supervisorPid() {
      return watchdog?.pid;
    },
    stop(firstSignal = 'SIGINT') {
      stopRequested = true;
      void stopGroup(firstSignal, 'requested');
      return done;
    },
  };
}

