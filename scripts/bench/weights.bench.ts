/**
 * Weights benchmark (issue 5). Run from the repo root after the build: `node out/node/bench/weights.bench.js`.
 *
 * 1. Local, whole process against whole process: `node bin/bringup.js weights DIR --json` against
 *    `node scripts/bench/floor-read-headers.mjs DIR` (open, read, JSON.parse and nothing else), on a
 *    DeepSeek-V3-scale sparse checkpoint (163 shards, ~90,000 tensors, real headers, data holes).
 *    Goal: ratio <= 1.5.
 * 2. Remote, against a loopback Hub serving the same files with Range: requests, body bytes and call
 *    time of inspectWeights next to @huggingface/hub's parseSafetensorsMetadata.
 *    Goal: one index request plus one range request per shard.
 * Medians of RUNS alternating runs; no added network latency.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSafetensorsMetadata } from '@huggingface/hub';
import { familyTensors, writeSparseCheckpoint } from '../gen-sparse-checkpoint';
import type { SourceReader } from '../../electron/services/source/types';
import type { HeaderSource } from '../../electron/services/weights/headerSource';
import { inspectWeights } from '../../electron/services/weights/inspectWeights';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ROOT = process.cwd();
const CLI = join(ROOT, 'bin/bringup.js'); // what `npx bringup` runs
const FLOOR = join(ROOT, 'scripts/bench/floor-read-headers.mjs');
const DIR = join(tmpdir(), 'bringup-bench-deepseek-v3-sparse');
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

function timeProcess(args: string[]): number {
  const start = process.hrtime.bigint();
  const res = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0) throw new Error(`${args.join(' ')} exited ${res.status}: ${res.stderr.split('\n')[0]}`);
  return ms;
}

function benchLocal(): void {
  if (!existsSync(CLI)) {
    console.log(`weights local: skipped (${CLI} not built)`);
    return;
  }
  const ours: number[] = [];
  const floor: number[] = [];
  timeProcess([CLI, 'weights', DIR, '--json']); // warm the page cache once
  for (let i = 0; i < RUNS; i++) {
    ours.push(timeProcess([CLI, 'weights', DIR, '--json']));
    floor.push(timeProcess([FLOOR, DIR]));
  }
  const ratio = median(ours) / median(floor);
  console.log(`weights local: bringup weights --json ${median(ours).toFixed(0)} ms, floor (open+read+JSON.parse) ${median(floor).toFixed(0)} ms, ratio ${ratio.toFixed(2)} (goal <= 1.5) ${ratio <= 1.5 ? 'PASS' : 'FAIL'}`);
}

/** A loopback Hub for the sparse folder: HEAD raw/, GET resolve/ with Range (206 + Content-Range + ETag). */
function startHub(): Promise<{ url: string; server: Server; log: { method: string; path: string; bytes: number }[] }> {
  const log: { method: string; path: string; bytes: number }[] = [];
  const server = createServer((req, res) => {
    const m = /^\/([^/]+\/[^/]+)\/(resolve|raw)\/([^/]+)\/(.+)$/.exec(decodeURIComponent((req.url ?? '').split('?')[0]));
    const file = m && m[1] === REPO ? join(DIR, m[4]) : null;
    const entry = { method: req.method ?? 'GET', path: req.url ?? '', bytes: 0 };
    log.push(entry);
    if (!file || m![4].includes('..') || !existsSync(file)) {
      res.writeHead(404, { 'X-Error-Code': 'EntryNotFound' }).end();
      return;
    }
    const fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const headers: Record<string, string> = { ETag: `"${size.toString(16)}"`, 'Accept-Ranges': 'bytes' };
    const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
    if (req.method === 'HEAD') {
      closeSync(fd);
      res.writeHead(200, { ...headers, 'Content-Length': String(size) }).end();
      return;
    }
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    const body = Buffer.alloc(end - start + 1);
    readSync(fd, body, 0, body.length, start);
    closeSync(fd);
    entry.bytes = body.length;
    if (range) res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': String(body.length) });
    else res.writeHead(200, { ...headers, 'Content-Length': String(body.length) });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, log })));
}

async function benchRemote(tensorCount: number): Promise<void> {
  const hub = await startHub();
  const files = readdirSync(DIR).filter((f) => !f.startsWith('.')).map((f) => {
    const fd = openSync(join(DIR, f), 'r');
    const size = fstatSync(fd).size;
    closeSync(fd);
    return { path: f, size };
  });
  // The file list comes from the Hub's tree API in the app; here it is given, so only weight reads are counted.
  const reader: SourceReader = {
    source: { given: REPO, kind: 'hub', repoId: REPO, revision: 'main', hubUrl: hub.url, label: `${REPO}@main` },
    listFiles: async () => files,
    readText: async (p) => {
      const res = await fetch(`${hub.url}/${REPO}/resolve/main/${p}`);
      return res.status === 404 ? null : res.text();
    },
  };
  const oursMs: number[] = [];
  const peerMs: number[] = [];
  let ours = { requests: 0, bytes: 0, tensors: 0 };
  let peer = { requests: 0, bytes: 0, tensors: 0 };
  for (let i = 0; i < RUNS; i++) {
    hub.log.length = 0;
    let t = process.hrtime.bigint();
    let headers: HeaderSource | undefined;
    const report = await inspectWeights(reader, { onHeaderSource: (h) => (headers = h) });
    oursMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    const weightRequests = hub.log.filter((r) => /\.safetensors(\.index\.json)?$/.test(r.path));
    ours = { requests: weightRequests.length, bytes: weightRequests.reduce((s, r) => s + r.bytes, 0), tensors: report.tensorCount };
    if (headers!.stats().requests !== files.filter((f) => f.path.endsWith('.safetensors')).length) throw new Error('more than one request for some shard');

    hub.log.length = 0;
    t = process.hrtime.bigint();
    const parsed = await parseSafetensorsMetadata({ repo: REPO, hubUrl: hub.url });
    peerMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    const weightPeer = hub.log.filter((r) => /\.safetensors(\.index\.json)?$/.test(r.path));
    peer = {
      requests: weightPeer.length,
      bytes: weightPeer.reduce((s, r) => s + r.bytes, 0),
      tensors: parsed.sharded ? Object.values(parsed.headers).reduce((s, h) => s + Object.keys(h).filter((k) => k !== '__metadata__').length, 0) : 0,
    };
  }
  hub.server.close();
  const shards = files.filter((f) => f.path.endsWith('.safetensors')).length;
  console.log(`weights remote: ${shards} shards, ${tensorCount} tensors; inspectWeights ${ours.requests} requests (goal ${shards + 1}: index + 1 per shard) ${ours.requests === shards + 1 ? 'PASS' : 'FAIL'}, ${(ours.bytes / 1e6).toFixed(1)} MB, ${median(oursMs).toFixed(0)} ms (validation and cross-check included)`);
  console.log(`weights remote: parseSafetensorsMetadata ${peer.requests} requests, ${(peer.bytes / 1e6).toFixed(1)} MB, ${median(peerMs).toFixed(0)} ms; requests ratio ${(ours.requests / peer.requests).toFixed(2)}, bytes ratio ${(ours.bytes / peer.bytes).toFixed(2)}, time ratio ${(median(oursMs) / median(peerMs)).toFixed(2)}`);
  if (ours.tensors !== peer.tensors) throw new Error(`tensor counts differ: ${ours.tensors} vs ${peer.tensors}`);
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
