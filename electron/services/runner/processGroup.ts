/**
 * A hook's process group, seen from outside: whether anything of it is still alive, and the stop
 * sequence (SIGINT, then SIGTERM, then SIGKILL, each after its grace period). Node built-ins only:
 * the supervisor (its own small build) uses it too.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGKILL';

/** Live (not zombie) members of the group, from /proc; elsewhere whether kill(-pgid, 0) still reaches one. */
export function groupAlive(group: number): boolean {
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

export function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
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

/**
 * Signals the group until nothing of it is left, starting at `first`; returns the signal that ended it
 * (null: it was already gone). `onSignal` hears each signal as it is sent.
 */
export async function stopSequence(group: number, graceMs: { interrupt?: number; terminate?: number } | undefined, first: StopSignal, onSignal?: (signal: StopSignal) => void): Promise<StopSignal | null> {
  const sequence: Array<[StopSignal, number]> = [
    ['SIGINT', graceMs?.interrupt ?? 5000],
    ['SIGTERM', graceMs?.terminate ?? 3000],
    ['SIGKILL', 2000],
  ];
  let ended: StopSignal | null = null;
  for (const [signal, grace] of sequence.slice(Math.max(0, sequence.findIndex(([s]) => s === first)))) {
    if (!groupAlive(group)) break;
    onSignal?.(signal);
    signalGroup(group, signal);
    ended = signal;
    if (await waitGone(group, grace)) break;
  }
  return ended;
}
