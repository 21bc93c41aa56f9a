/** Sentences about a run, the same in the CLI and the UI. */
import type { PortHolder } from './types';

/** The holder of a port: `node (pid 1234)`, or that it cannot be seen. */
export function describeHolder(holder: PortHolder | null | undefined): string {
  if (!holder) return 'another process';
  if (holder.pid === null) return "a process this user cannot see (another user's)";
  return `${holder.name ?? 'a process'} (pid ${holder.pid})`;
}

/** 3120 -> "3.1 s", 41 -> "41 ms". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
