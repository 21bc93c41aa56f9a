/**
 * Weights benchmark (issues 5 and 13). Run from the repo root after the build: `node out/node/bench/weights.bench.js`.
 *
 * 1. Local, whole process against whole process: `node bin/bringup.js weights DIR --json` against
 *    `node scripts/bench/floor-read-headers.mjs DIR` (open, read, JSON.parse and nothing else), on a
 *    DeepSeek-V3-scale sparse checkpoint (163 shards, ~92,000 tensors, real headers in the order
 *    safetensors writes them, the index as transformers writes it, data holes). Goal: ratio <= 1.5.
 *    Shown beside: the same command with every header parsed on the main thread
 *    (BRINGUP_HEADER_WORKER=off), which must print the same report.
 * 2. Remote, against a loopback Hub (its own process, as the real Hub is another machine) serving
 *    the same files with Range: requests and answering every request 20 ms late (a 20 ms round trip): inspectWeights (validation, cross-check and
 *    name map included, config.json read too) against the one-request-per-shard floor (the index,
 *    JSON.parse, then one range request per shard for exactly its header bytes, as many in flight
 *    as inspectWeights allows, JSON.parse). Goals: one index request plus one request per shard,
 *    time ratio <= 1.15. @huggingface/hub's parseSafetensorsMetadata is shown beside as a peer.
 * Medians of RUNS alternating runs.
 */
import { fork, spawnSync } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSafetensorsMetadata } from '@huggingface/hub';
import { familyTensors, writeSparseCheckpoint } from '../gen-sparse-checkpoint';
import type { SourceReader } from '../../electron/services/source/types';
import { mapLimit, type HeaderSource } from '../../electron/services/weights/headerSource';
import { HEADER_REQUESTS_IN_FLIGHT } from '../../electron/services/weights/readSafetensors';
import { inspectWeights } from '../../electron/services/weights/inspectWeights';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ROOT = process.cwd();
const CLI = join(ROOT, 'bin/bringup.js'); // what `npx bringup` runs
const FLOOR = join(ROOT, 'scripts/bench/floor-read-headers.mjs');
const FAKE_HUB = join(ROOT, 'scripts/bench/fake-hub.mjs');
const DIR = join(tmpdir(), 'bringup-bench-deepseek-v3-sparse-writer-order');
const ROUND_TRIP_MS = 20;
const REPO = 'bench-org/deepseek-v3-sparse';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function ensureCheckpoint(): Promise<number> {
  const marker = join(DIR, '.complete');
  if (existsSync(marker)) return Number(readFileSync(marker, 'utf8'));
  rmSync(DIR, { recursive: true, force: true });
  const config = JSON.parse(readFileSync(join(ROOT, 'fixtures/corpus/deepseek-ai__DeepSeek-V3/config.json'), 'utf8'));
  const tensors = familyTensors('deepseek_v3', config, { fp8: true, extraLayers: 1 });
  await writeSparseCheckpoint(DIR, { tensors, shards: 163, config });
  writeFileSync(marker, String(tensors.length));
  return tensors.length;
}

function timeProcess(args: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; stdout: string } {
  const start = process.hrtime.bigint();
  const res = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28, env });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0) throw new Error(`${args.join(' ')} exited ${res.status}: ${res.stderr.split('\n')[0]}`);
  return { ms, stdout: res.stdout };
}

function benchLocal(): void {
  if (!existsSync(CLI)) {
    console.log(`weights local: skipped (${CLI} not built)`);
    return;
  }
  const oneThread = { ...process.env, BRINGUP_HEADER_WORKER: 'off' };
  const ours: number[] = [];
  const single: number[] = [];
  const floor: number[] = [];
  const report = timeProcess([CLI, 'weights', DIR, '--json']).stdout; // also warms the page cache
  for (let i = 0; i < RUNS; i++) {
    const run = timeProcess([CLI, 'weights', DIR, '--json']);
    if (run.stdout !== report) throw new Error('bringup weights printed a different report from one run to the next');
    ours.push(run.ms);
    floor.push(timeProcess([FLOOR, DIR]).ms);
    const alone = timeProcess([CLI, 'weights', DIR, '--json'], oneThread);
    if (alone.stdout !== report) throw new Error('bringup weights printed a different report with its headers parsed on the main thread');
    single.push(alone.ms);
  }
  const ratio = median(ours) / median(floor);
  console.log(`weights local: bringup weights --json ${median(ours).toFixed(0)} ms, floor (open+read+JSON.parse) ${median(floor).toFixed(0)} ms, ratio ${ratio.toFixed(2)} (goal <= 1.5) ${ratio <= 1.5 ? 'PASS' : 'FAIL'}`);
  console.log(`weights local: with every header on the main thread (BRINGUP_HEADER_WORKER=off) ${median(single).toFixed(0)} ms, ratio ${(median(single) / median(floor)).toFixed(2)}; same report both ways`);
}

interface HubRequest {
  method: string;
  path: string;
  bytes: number;
}

/** The loopback Hub (scripts/bench/fake-hub.mjs) in its own process, as the real one is on another machine. */
function startHub(): Promise<{ url: string; log: () => Promise<HubRequest[]>; reset: () => void; stop: () => void }> {
  const child = fork(FAKE_HUB, [DIR, REPO, String(ROUND_TRIP_MS)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T>(key: string) => new Promise<T>((resolve) => {
    const on = (message: Record<string, unknown>) => {
      if (!(key in message)) return;
      child.off('message', on);
      resolve(message[key] as T);
    };
    child.on('message', on);
  });
  return next<number>('port').then((port) => ({
    url: `http://127.0.0.1:${port}`,
    log: () => {
      const answer = next<HubRequest[]>('log');
      child.send('log');
      return answer;
    },
    reset: () => child.send('reset'),
    stop: () => child.kill(),
  }));
}

/** Header end (8 + length) of each shard, read from disk: the floor asks for exactly these bytes. */
function headerEnds(): Map<string, number> {
  const ends = new Map<string, number>();
  for (const f of readdirSync(DIR).filter((name) => name.endsWith('.safetensors'))) {
    const fd = openSync(join(DIR, f), 'r');
    const first = Buffer.alloc(8);
    readSync(fd, first, 0, 8, 0);
    closeSync(fd);
    ends.set(f, 8 + Number(first.readBigUInt64LE(0)));
  }
  return ends;
}

/** The one-request-per-shard floor: the index, then exactly each shard's header bytes, JSON.parse, nothing else. */
async function floorRemote(hubUrl: string, ends: Map<string, number>): Promise<number> {
  const url = (file: string) => `${hubUrl}/${REPO}/resolve/main/${file}`;
  const index = JSON.parse(await (await fetch(url('model.safetensors.index.json'))).text()) as { weight_map: Record<string, string> };
  const shards = [...new Set(Object.values(index.weight_map))];
  const decoder = new TextDecoder();
  const counts = await mapLimit(shards, HEADER_REQUESTS_IN_FLIGHT, async (shard) => {
    const res = await fetch(url(shard), { headers: { Range: `bytes=0-${ends.get(shard)! - 1}` } });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return Object.keys(JSON.parse(decoder.decode(bytes.subarray(8)))).length - 1;
  });
  return counts.reduce((a, b) => a + b, 0);
}

async function benchRemote(tensorCount: number): Promise<void> {
  const hub = await startHub();
  const files = readdirSync(DIR).filter((f) => !f.startsWith('.')).map((f) => {
    const fd = openSync(join(DIR, f), 'r');
    const size = fstatSync(fd).size;
    closeSync(fd);
    return { path: f, size };
  });
  const ends = headerEnds();
  // The file list comes from the Hub's tree API in the app; here it is given, so only file reads are counted.
  const reader: SourceReader = {
    source: { given: REPO, kind: 'hub', repoId: REPO, revision: 'main', hubUrl: hub.url, label: `${REPO}@main` },
    listFiles: async () => files,
    readText: async (p) => {
      const res = await fetch(`${hub.url}/${REPO}/resolve/main/${p}`);
      return res.status === 404 ? null : res.text();
    },
  };
  const weightReads = async () => (await hub.log()).filter((r) => /\.safetensors(\.index\.json)?$/.test(r.path));
  const oursMs: number[] = [];
  const floorMs: number[] = [];
  const peerMs: number[] = [];
  let ours = { requests: 0, bytes: 0, tensors: 0 };
  let floor = { requests: 0, bytes: 0, tensors: 0 };
  let peer = { requests: 0, bytes: 0, tensors: 0 };
  const sum = (xs: { bytes: number }[]) => xs.reduce((s, r) => s + r.bytes, 0);
  for (let i = 0; i < RUNS; i++) {
    hub.reset();
    let t = process.hrtime.bigint();
    let headers: HeaderSource | undefined;
    const report = await inspectWeights(reader, { onHeaderSource: (h) => (headers = h) });
    oursMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    let reads = await weightReads();
    ours = { requests: reads.length, bytes: sum(reads), tensors: report.tensorCount };
    if (headers!.stats().requests !== ends.size) throw new Error('more than one request for some shard');

    hub.reset();
    t = process.hrtime.bigint();
    const floorTensors = await floorRemote(hub.url, ends);
    floorMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    reads = await weightReads();
    floor = { requests: reads.length, bytes: sum(reads), tensors: floorTensors };

    hub.reset();
    t = process.hrtime.bigint();
    const parsed = await parseSafetensorsMetadata({ repo: REPO, hubUrl: hub.url });
    peerMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    reads = await weightReads();
    peer = {
      requests: reads.length,
      bytes: sum(reads),
      tensors: parsed.sharded ? Object.values(parsed.headers).reduce((s, h) => s + Object.keys(h).filter((k) => k !== '__metadata__').length, 0) : 0,
    };
  }
  hub.stop();
  const shards = ends.size;
  const ratio = median(oursMs) / median(floorMs);
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  console.log(`weights remote (${ROUND_TRIP_MS} ms round trips, ${HEADER_REQUESTS_IN_FLIGHT} in flight): ${shards} shards, ${tensorCount} tensors; inspectWeights ${median(oursMs).toFixed(0)} ms, floor (index + one exact range request per shard + JSON.parse) ${median(floorMs).toFixed(0)} ms, ratio ${ratio.toFixed(2)} (goal <= 1.15) ${ratio <= 1.15 ? 'PASS' : 'FAIL'}`);
  console.log(`weights remote: inspectWeights ${ours.requests} requests (goal ${shards + 1}: index + 1 per shard) ${ours.requests === shards + 1 ? 'PASS' : 'FAIL'}, ${mb(ours.bytes)} (floor ${floor.requests} requests, ${mb(floor.bytes)}), config.json read and validation, cross-check and name map included`);
  console.log(`weights remote: peer parseSafetensorsMetadata ${peer.requests} requests, ${mb(peer.bytes)}, ${median(peerMs).toFixed(0)} ms; time ratio inspectWeights / peer ${(median(oursMs) / median(peerMs)).toFixed(2)}`);
  for (const [who, n] of [['floor', floor.tensors], ['peer', peer.tensors]] as const) if (n !== ours.tensors) throw new Error(`tensor counts differ: ${ours.tensors} vs ${who} ${n}`);
}

async function main(): Promise<void> {
  const tensors = await ensureCheckpoint();
  benchLocal();
  await benchRemote(tensors);
}

main().catch((err: unknown) => {
  console.error(`weights bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
