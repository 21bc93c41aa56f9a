/**
 * The supervisor: a small Node process between Bringup and a hook's process group, so the group never
 * outlives Bringup, even when Bringup is killed with SIGKILL (no handler runs then) or crashes.
 *
 * Bringup starts it in its own session (so a terminal's Ctrl+C or hangup does not reach it) with:
 *   fd 0: the lifeline. The first line is the job (JSON: argv, cwd, env, grace periods); later lines are
 *         commands ({"op":"stop"}). End of file (Bringup exited, however it died) = stop the group.
 *   fd 1, fd 2: handed to the command as its stdout and stderr, so its output reaches Bringup directly.
 *   fd 3: the supervisor's reports to Bringup, one JSON object a line (spawned, exit, stopping, done).
 * The command runs in a new process group (detached: it leads it), so the group holds it and every
 * process it starts (MAX's model worker). Stopping sends SIGINT to the group, then SIGTERM, then
 * SIGKILL, each after its grace period, until no live process is left in the group. When the command
 * exits on its own, whatever it left in its group is ended the same way.
 *
 * Self-contained on purpose (Node built-ins only): it is built to its own file
 * (out/node/runner/supervisor.js) and must start fast.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';

interface Job {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  /** Milliseconds to wait after SIGINT, then after SIGTERM, before the next signal. */
  graceMs?: { interrupt?: number; terminate?: number };
}

const report = createWriteStream('', { fd: 3 });
report.on('error', () => undefined); // Bringup is gone: nobody to tell
const send = (message: Record<string, unknown>) => report.write(JSON.stringify({ ...message, at: Date.now() }) + '\n');

let child: ChildProcess | null = null;
let pgid: number | null = null;
let stopping: Promise<void> | null = null;

/** Live (not zombie) members of the group, from /proc; elsewhere whether kill(-pgid, 0) still reaches one. */
function groupAlive(group: number): boolean {
  try {
    const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
    for (const pid of pids) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so read after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === group && fields[0] !== 'Z' && fields[0] !== 'X') return true;
    }
    return false;
  } catch {
    try {
      process.kill(-group, 0);
      return true;
    } catch {
      return false;
    }
  }
}

function signalGroup(signal: NodeJS.Signals): void {
  if (pgid === null) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is already gone
  }
}

async function waitGone(group: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (!groupAlive(group)) return true;
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** SIGINT, then SIGTERM, then SIGKILL to the group, until nothing of it is left; reports which one ended it. */
function stopGroup(job: Job, reason: string, firstSignal: NodeJS.Signals = 'SIGINT'): Promise<void> {
  stopping ??= (async () => {
    const group = pgid;
    if (group === null) return;
    const started = Date.now();
    const sequence: Array<[NodeJS.Signals, number]> = [
      ['SIGINT', job.graceMs?.interrupt ?? 5000],
      ['SIGTERM', job.graceMs?.terminate ?? 3000],
      ['SIGKILL', 2000],
    ];
    const from = sequence.findIndex(([s]) => s === firstSignal);
    let ended: NodeJS.Signals | null = null;
    for (const [signal, grace] of sequence.slice(from === -1 ? 0 : from)) {
      if (!groupAlive(group)) break;
      send({ event: 'stopping', signal, reason });
      signalGroup(signal);
      ended = signal;
      if (await waitGone(group, grace)) break;
    }
    send({ event: 'group-gone', signal: ended, tookMs: Date.now() - started, reason });
  })();
  return stopping;
}

async function finish(job: Job): Promise<never> {
  await stopGroup(job, 'exited', 'SIGTERM');
  send({ event: 'done' });
  await new Promise<void>((resolve) => report.end(resolve));
  process.exit(0);
}

function main(): void {
  let buffer = '';
  let job: Job | null = null;
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (text: string) => {
    buffer += text;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      let message: { op?: string; signal?: string } & Partial<Job>;
      try {
        message = JSON.parse(line);
      } catch {
        continue;
      }
      if (!job) {
        job = message as Job;
        start(job);
      } else if (message.op === 'stop') {
        void stopGroup(job, 'requested', (message.signal as NodeJS.Signals | undefined) ?? 'SIGINT');
      }
    }
  });
  // The lifeline: Bringup's end of fd 0 closes when it exits, whatever killed it.
  process.stdin.on('end', () => {
    if (!job) process.exit(0);
    void stopGroup(job, 'bringup-gone').then(() => finish(job!));
  });
  process.stdin.on('error', () => undefined);
  // Signals meant for Bringup's terminal do not reach this session; if one does, it stops the group first.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => job && void stopGroup(job, signal).then(() => finish(job!)));
}

function start(job: Job): void {
  try {
    child = spawn(job.argv[0], job.argv.slice(1), { cwd: job.cwd, env: job.env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  } catch (err) {
    send({ event: 'spawn-error', code: (err as NodeJS.ErrnoException).code ?? 'ERROR', message: (err as Error).message });
    process.exit(0);
  }
  child.once('error', (err: NodeJS.ErrnoException) => {
    if (child?.pid !== undefined) return;
    send({ event: 'spawn-error', code: err.code ?? 'ERROR', message: err.message });
    void new Promise<void>((resolve) => report.end(resolve)).then(() => process.exit(0));
  });
  if (child.pid === undefined) return;
  pgid = child.pid;
  send({ event: 'spawned', pid: child.pid, pgid });
  child.once('exit', (code, signal) => {
    send({ event: 'exit', code, signal });
    void finish(job);
  });
}

main();
