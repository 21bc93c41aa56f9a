/**
 * Browser-mode benchmark (issue 13). Run from the repo root after the build: `node out/node/bench/browser.bench.js`.
 *
 * `bringup web` (the built CLI) behind the byte-counting relay of the e2e tests, opened in Debian's
 * Chromium with CDP network emulation of the README's SSH tunnel: 5 MB/s down and up, 20 ms latency.
 * For a first load (empty cache) and a repeat load (reload), it measures the time until both
 * editors show text (in the page's clock, from navigation start) and the bytes on the wire.
 * Budgets: both editors within 2.5 s (reported as budget / measured: above 1 is within), at most
 * 3.5 MB for a first load, under 200 kB for a repeat load. Medians of RUNS fresh browser contexts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startMeteredServer } from '../../e2e/support/meteredServer';
import { bothEditorsShowText } from '../../e2e/support/firstScreen';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LINK = { latency: 20, downloadThroughput: 5_000_000, uploadThroughput: 5_000_000 };
const TIME_BUDGET_MS = 2500;
const FIRST_BYTES_BUDGET = 3_500_000;
const REPEAT_BYTES_BUDGET = 200_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'bringup-bench-browser-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BRINGUP_DATA_DIR: join(scratch, 'data'),
    HF_HOME: join(scratch, 'hf-home'),
    HF_HUB_CACHE: join(scratch, 'hf-cache'),
    HF_HUB_OFFLINE: '1',
  };
  for (const name of ['HF_ENDPOINT', 'HF_TOKEN', 'HF_TOKEN_PATH', 'HUGGING_FACE_HUB_TOKEN']) delete env[name];
  const server = await startMeteredServer(env);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const first = { ms: [] as number[], bytes: [] as number[] };
  const repeat = { ms: [] as number[], bytes: [] as number[] };
  try {
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...LINK });
      server.take();
      await page.goto(server.url, { waitUntil: 'commit' });
      first.ms.push(await bothEditorsShowText(page));
      await server.quiet();
      first.bytes.push(server.take().down);
      await page.reload({ waitUntil: 'commit' });
      repeat.ms.push(await bothEditorsShowText(page));
      await server.quiet();
      repeat.bytes.push(server.take().down);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  const ratio = TIME_BUDGET_MS / median(first.ms);
  console.log(`browser first load: both editors show text in ${median(first.ms).toFixed(0)} ms on an emulated 5 MB/s, 20 ms link (budget ${TIME_BUDGET_MS} ms), ratio budget/measured ${ratio.toFixed(2)} ${ratio >= 1 ? 'PASS' : 'FAIL'}`);
  console.log(`browser repeat load: both editors show text in ${median(repeat.ms).toFixed(0)} ms, ratio budget/measured ${(TIME_BUDGET_MS / median(repeat.ms)).toFixed(2)}`);
  console.log(`browser bytes on the wire: first load ${kB(median(first.bytes))} (budget ${kB(FIRST_BYTES_BUDGET)}) ${median(first.bytes) <= FIRST_BYTES_BUDGET ? 'PASS' : 'FAIL'}, repeat load ${kB(median(repeat.bytes))} (budget ${kB(REPEAT_BYTES_BUDGET)}) ${median(repeat.bytes) < REPEAT_BYTES_BUDGET ? 'PASS' : 'FAIL'}`);
}

main().catch((err: unknown) => {
  console.error(`browser bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
