/**
 * Logits benchmark (issue 11). Run from the repo root after the build: `node out/node/bench/logits.bench.js`.
 *
 * Whole process against whole process on the same files: `node bin/bringup.js logits REF CAND --json`
 * against scripts/bench/logits_numpy.py (numpy, the same metrics with MAX's definitions, vectorised
 * over blocks of positions), for a pair of 512 positions × 152,064 tokens (Qwen's vocabulary) as
 * .npy (2 × 311 MB) and as MAX golden JSON (2 × 415 MB). Goal: ratio <= 2. The two must agree on
 * every position's KL. Peak RSS of each process is reported, and for the CLI on a 300 MB pair too
 * (goal: far below the files' size, since positions stream). Medians of RUNS alternating runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ROOT = process.cwd();
const CLI = join(ROOT, 'bin/bringup.js');
const PEER = join(ROOT, 'scripts/bench/logits_numpy.py');
const MAKE = join(ROOT, 'scripts/bench/logits_make_pair.py');
const RSS = join(ROOT, 'scripts/bench/report-rss.cjs');
const VOCAB = 152064;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function hasNumpy(): boolean {
  return spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
}

function ensurePair(positions: number): string {
  const dir = join(tmpdir(), `bringup-bench-logits-${positions}x${VOCAB}`);
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return dir;
  const made = spawnSync('python3', [MAKE, dir, String(positions), String(VOCAB)], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (made.status !== 0) throw new Error('could not write the benchmark pair');
  writeFileSync(marker, '');
  return dir;
}

interface Run { ms: number; cpuMs: number; rss: number; json: { summary?: { maxKl: number }; positions?: { kl: number }[]; maxKl?: number; kl?: number[]; maxRssBytes?: number; cpuMs?: number } }

function timed(command: string, args: string[]): Run {
  const start = process.hrtime.bigint();
  const res = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${res.status}: ${res.stderr.trim().split('\n').pop()}`);
  const json = JSON.parse(res.stdout) as Run['json'];
  const rss = Number(/maxrss-bytes (\d+)/.exec(res.stderr)?.[1] ?? json.maxRssBytes ?? NaN);
  const cpuMs = Number(/cpu-ms ([\d.]+)/.exec(res.stderr)?.[1] ?? json.cpuMs ?? NaN);
  return { ms, cpuMs, rss, json };
}

const ours = (ref: string, cand: string) => timed(process.execPath, ['-r', RSS, CLI, 'logits', ref, cand, '--json']);
const peer = (ref: string, cand: string) => timed('python3', [PEER, ref, cand]);

function agreement(a: Run, b: Run): number {
  const mine = a.json.positions!.map((p) => p.kl);
  const theirs = b.json.kl!;
  if (mine.length !== theirs.length) throw new Error('the two disagree on the number of positions');
  let worst = 0;
  for (let i = 0; i < mine.length; i++) worst = Math.max(worst, Math.abs(mine[i] - theirs[i]) / Math.max(Math.abs(theirs[i]), 1e-300));
  return worst;
}

function bench(label: string, ref: string, cand: string): void {
  const sizes = statSync(ref).size + statSync(cand).size;
  ours(ref, cand); // warm the page cache
  peer(ref, cand);
  const a: Run[] = [];
  const b: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(ours(ref, cand));
    b.push(peer(ref, cand));
  }
  const ratio = median(a.map((r) => r.ms)) / median(b.map((r) => r.ms));
  // CPU time too: on a shared machine the wall clock also measures the neighbours.
  const cpuRatio = median(a.map((r) => r.cpuMs)) / median(b.map((r) => r.cpuMs));
  console.log(
    `logits ${label} (${mb(sizes)} pair): bringup logits --json ${median(a.map((r) => r.ms)).toFixed(0)} ms, numpy ${median(b.map((r) => r.ms)).toFixed(0)} ms, ` +
      `ratio ${ratio.toFixed(2)} (goal <= 2) ${ratio <= 2 ? 'PASS' : 'FAIL'}; CPU time ${median(a.map((r) => r.cpuMs)).toFixed(0)} vs ${median(b.map((r) => r.cpuMs)).toFixed(0)} ms, ratio ${cpuRatio.toFixed(2)}; ` +
      `peak RSS bringup ${mb(Math.max(...a.map((r) => r.rss)))}, numpy ${mb(Math.max(...b.map((r) => r.rss)))}; per-position KL agrees to ${agreement(a[0], b[0]).toExponential(1)} (relative)`,
  );
}

function main(): void {
  if (!existsSync(CLI)) return console.log(`logits: skipped (${CLI} not built)`);
  if (!hasNumpy()) return console.log('logits: skipped (python3 has no numpy, the peer)');
  const big = ensurePair(512);
  bench(`npy 512×${VOCAB}`, join(big, 'ref.npy'), join(big, 'cand.npy'));
  bench(`golden JSON 512×${VOCAB}`, join(big, 'ref.golden.json'), join(big, 'cand.golden.json'));
  // Memory: a ~300 MB pair streams through in about a position's worth of buffers per file.
  const mid = ensurePair(256);
  for (const [label, ref, cand] of [['npy', 'ref.npy', 'cand.npy'], ['golden JSON', 'ref.golden.json', 'cand.golden.json']]) {
    const run = ours(join(mid, ref), join(mid, cand));
    const sizes = statSync(join(mid, ref)).size + statSync(join(mid, cand)).size;
    console.log(`logits memory, ${label} 256×${VOCAB} (${mb(sizes)} pair): peak RSS ${mb(run.rss)} (${((run.rss / sizes) * 100).toFixed(0)}% of the files)`);
  }
}

main();
