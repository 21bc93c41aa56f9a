import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BringupError, type ErrorPayload } from '../../../shared/errors';
import { unpackShard, type PackedShard, type ShardRead } from '../../../shared/weights/shardRead';
import { parsedHere, type ShardReads } from './headerSource';
import { localHeaderSource } from './localHeaderSource';

/**
 * Local headers parsed on a second thread: the header worker (./headerWorkerMain.ts) starts on the
 * shards as soon as the folder is listed, and parses them while this thread reads the index and
 * works out what the report can from the names alone. At DeepSeek-V3 scale (163 shards, 11.5 MB
 * of header JSON) parsing was a third of `bringup weights`. It is one thread that ends with its
 * work (or with the process), never a process; without a built worker or a second core, or for
 * headers too small to pay its start (~30 ms), this thread parses them, the same way.
 */
export interface HeaderWorkerData {
  dir: string;
  files: string[];
}

export type HeaderWorkerMessage = { i: number; packed: PackedShard } | { i: number; error: ErrorPayload };

/**
 * Below this much index JSON (about 95 bytes per tensor) the headers parse here faster than a
 * worker starts: measured here, 10,000 tensors parse in ~15 ms, the worker's start takes ~30.
 */
export const MIN_INDEX_BYTES_FOR_WORKER = 2_000_000;

let script: string | null = null;

/** Where the built worker is (set once by each face; unset, as in tests from source, all is parsed here). */
export function useHeaderWorker(path: string | null): void {
  script = path;
}

/** The worker beside the command line's build, found from the resources folder. */
export function defaultHeaderWorkerPath(resourcesDir: string): string {
  return join(resourcesDir, '..', 'out', 'node', 'weights', 'headerWorker.js');
}

export interface HeaderWork extends ShardReads {
  /** Whether the headers go to a worker (false: all are parsed on this thread). */
  readonly usesWorker: boolean;
  /** Files read so far whose header the worker parsed. */
  fromWorker(): number;
  /** Ends the worker if it is still parsing (the read failed before it needed the headers). */
  close(): void;
  /** Resolves once no worker of this work is left. */
  readonly done: Promise<void>;
}

/**
 * Starts parsing `files` of `dir` on the worker when it can be worth it; `read` gives a file's
 * result, from the worker or (a file it was not given, a worker that failed) parsed here.
 */
export function startHeaderWork(dir: string, files: readonly string[], indexBytes: number): HeaderWork {
  const here = parsedHere(localHeaderSource(dir));
  const path = script;
  if (!path || indexBytes < MIN_INDEX_BYTES_FOR_WORKER || availableParallelism() < 2 || !existsSync(path)) return { ...here, usesWorker: false, fromWorker: () => 0, close() {}, done: Promise.resolve() };

  const position = new Map(files.map((f, i) => [f, i]));
  // null: the worker ended without it (it is read again here).
  type Outcome = { packed: PackedShard } | { error: ErrorPayload } | null;
  const waiting = files.map(() => {
    let settle!: (o: Outcome) => void;
    const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
    return { outcome, settle };
  });
  const data: HeaderWorkerData = { dir, files: [...files] };
  const worker = new Worker(path, { workerData: data });
  worker.on('message', (m: HeaderWorkerMessage) => waiting[m.i].settle('packed' in m ? { packed: m.packed } : { error: m.error }));
  // A worker that fails to start or dies leaves its files to this thread.
  const ended = () => waiting.forEach((w) => w.settle(null));
  worker.on('error', ended);
  const done = new Promise<void>((resolve) => worker.on('exit', () => resolve(ended())));

  let fromWorker = 0;
  return {
    label: here.label,
    usesWorker: true,
    fromWorker: () => fromWorker,
    done,
    close: () => void worker.terminate(),
    async read(file, sizeHint): Promise<ShardRead> {
      const i = position.get(file);
      const got = i === undefined ? null : await waiting[i].outcome;
      if (got && 'packed' in got) {
        fromWorker++;
        return unpackShard(got.packed);
      }
      // Bad input is reported as it was found; anything else is met again here, in its place.
      if (got && got.error.code !== 'internal') throw new BringupError(got.error.code, got.error.message);
      return here.read(file, sizeHint);
    },
  };
}
