/**
 * Runs one target in a worker thread: fast-check with the given seed and number of cases. Before
 * each case it stamps the shared clock, so that the runner can stop a case that hangs (even a sync
 * infinite loop) and say which case it was.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { runCase } from './harness';
import { selfTestTargets } from './selfTest';
import { targets } from './targets';

export interface WorkerJob {
  name: string;
  seed: number;
  numRuns: number;
  path?: string;
  /** Int32Array over a SharedArrayBuffer: [ms since `epoch` when the running case started (0 when idle), cases started]. */
  clock: SharedArrayBuffer;
  epoch: number;
  failuresDir: string;
}

export interface WorkerResult {
  name: string;
  cases: number;
  /** The longest case, in ms (how far the run stays from the hang limit). */
  slowestMs: number;
  slowestCase: number;
  failure: null | { reason: string; path: string | null; input: string; saved: string };
}

const job = workerData as WorkerJob;
const target = [...targets, ...selfTestTargets].find((t) => t.name === job.name);
if (!target) throw new Error(`no fuzz target named ${job.name}`);
const clock = new Int32Array(job.clock);
let slowest = 0;
let slowestCase = -1;

const property = fc.asyncProperty(target.input, async (input) => {
  // Replaying one case: show it first, so that the runner can print it even if it hangs.
  if (job.path !== undefined) parentPort!.postMessage({ replaying: show(input) });
  Atomics.store(clock, 0, Math.max(1, Date.now() - job.epoch));
  Atomics.add(clock, 1, 1);
  const t0 = performance.now();
  const reason = await runCase(target, input);
  const ms = performance.now() - t0;
  if (ms > slowest) [slowest, slowestCase] = [ms, Atomics.load(clock, 1) - 1];
  Atomics.store(clock, 0, 0);
  if (reason) throw new Error(reason);
});

function show(input: unknown): string {
  return target!.show ? target!.show(input) : (JSON.stringify(input)?.slice(0, 2000) ?? String(input));
}

async function main(): Promise<void> {
  await target!.setup?.();
  const details = await fc.check(property, { seed: job.seed, numRuns: job.numRuns, path: job.path, endOnFailure: job.path !== undefined });
  let failure: WorkerResult['failure'] = null;
  if (details.failed) {
    const input = (details.counterexample as unknown[] | null)?.[0];
    const reason = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    mkdirSync(job.failuresDir, { recursive: true });
    const saved = join(job.failuresDir, `${job.name}.json`);
    writeFileSync(saved, JSON.stringify({ target: job.name, seed: job.seed, path: details.counterexamplePath, reason, input }, (_k, v) => (v instanceof Uint8Array ? { base64: Buffer.from(v).toString('base64') } : typeof v === 'bigint' ? String(v) : v), 2));
    failure = { reason, path: details.counterexamplePath, input: show(input), saved };
  }
  const result: WorkerResult = { name: job.name, cases: details.numRuns, slowestMs: slowest, slowestCase, failure };
  parentPort!.postMessage(result);
}

void main();
