// `npm run fuzz`: every target of scripts/fuzz/targets.ts, with fixed seeds and a fixed number of
// cases, in worker threads (one per core). A case that throws what its contract does not allow is a
// crash; a case that runs longer than the per-case limit is a hang (the worker is stopped). Exit 1
// on either, with the seed and fast-check path that replay the case.
//
//   npm run fuzz                                  the CI budget
//   npm run fuzz -- --only gguf --scale 20        one target, 20x the cases
//   npm run fuzz -- --seed 7                      other seeds (explore; CI keeps the fixed ones)
//   npm run fuzz -- --only gguf --path 1234       replay one case (the path a failure printed)
//   npm run fuzz -- --self-test                   targets that must fail: proves crashes and hangs are caught
// Other options: --time-limit MS (per case, default 3000), --out DIR (the bundle, default out/fuzz).
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const outDir = resolve(option('--out') ?? join(root, 'out', 'fuzz'));
const flag = (name) => args.includes(name);
const only = option('--only')?.split(',');
const baseSeed = Number(option('--seed') ?? 0);
const scale = Number(option('--scale') ?? 1);
const path = option('--path');
const timeLimit = Number(option('--time-limit') ?? 3000);
const selfTest = flag('--self-test');
if (path !== undefined && only?.length !== 1) fail('--path replays one case: name its target with --only');

// Bundled once with Vite (TypeScript, the resources/kb JSON imports), dependencies left as require()s.
await build({
  configFile: false,
  logLevel: 'warn',
  resolve: { alias: { '@shared': join(root, 'shared') } },
  build: {
    ssr: true,
    target: 'node20',
    outDir,
    emptyOutDir: true,
    minify: false,
    rolldownOptions: {
      input: { worker: join(root, 'scripts', 'fuzz', 'worker.ts'), registry: join(root, 'scripts', 'fuzz', 'registry.ts') },
      output: { format: 'cjs', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});

const { targets, selfTestTargets, seedOf } = await import(join(outDir, 'registry.js'));
const chosen = (selfTest ? selfTestTargets : targets).filter((t) => !only || only.includes(t.name));
if (only && chosen.length !== only.length) fail(`unknown target in --only ${only.join(',')}; targets: ${targets.map((t) => t.name).join(', ')}`);

const started = Date.now();
const jobs = chosen
  .map((t) => ({ name: t.name, seed: seedOf(t.name, baseSeed), numRuns: path === undefined ? Math.max(1, Math.round(t.cases * scale)) : 1 }))
  .sort((a, b) => b.numRuns - a.numRuns);
const results = [];
await Promise.all(Array.from({ length: Math.min(availableParallelism(), jobs.length) }, async () => {
  for (let job = jobs.shift(); job; job = jobs.shift()) results.push(await runJob(job));
}));

results.sort((a, b) => chosen.findIndex((t) => t.name === a.name) - chosen.findIndex((t) => t.name === b.name));
for (const r of results) {
  const status = r.failure ? `${r.failure.kind.toUpperCase()}` : 'ok';
  const slowest = r.slowestMs === undefined ? '' : `  slowest ${Math.round(r.slowestMs)} ms (#${r.slowestCase})`;
  console.log(`  ${r.name.padEnd(24)} ${String(r.cases).padStart(6)} cases  ${(r.ms / 1000).toFixed(1).padStart(5)} s${slowest.padEnd(25)}  seed ${String(r.seed).padEnd(11)}  ${status}`);
  if (r.failure) {
    console.log(`      ${r.failure.reason}`);
    console.log(`      input: ${r.failure.input}`);
    console.log(`      replay: npm run fuzz -- ${selfTest ? '--self-test ' : ''}--only ${r.name}${baseSeed ? ` --seed ${baseSeed}` : ''} --path ${r.failure.path ?? '?'}${r.failure.saved ? `   (saved: ${r.failure.saved})` : ''}`);
  }
}
const cases = results.reduce((n, r) => n + r.cases, 0);
const crashes = results.filter((r) => r.failure?.kind === 'crash').length;
const hangs = results.filter((r) => r.failure?.kind === 'hang').length;
console.log(`fuzz: ${cases} cases in ${results.length} targets, ${((Date.now() - started) / 1000).toFixed(1)} s on ${Math.min(availableParallelism(), results.length)} threads, ${crashes} crashes, ${hangs} hangs (a hang: one case over ${timeLimit} ms)`);
process.exit(crashes || hangs ? 1 : 0);

/** One target in its own worker thread, watched: a case over the time limit stops the worker. */
function runJob(job) {
  const clock = new SharedArrayBuffer(8);
  const ticks = new Int32Array(clock);
  const epoch = Date.now();
  const t0 = performance.now();
  const worker = new Worker(join(outDir, 'worker.js'), {
    workerData: { name: job.name, seed: job.seed, numRuns: job.numRuns, path, clock, epoch, failuresDir: join(outDir, 'failures') },
  });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      resolve({ ...job, ms: performance.now() - t0, ...result });
    };
    const watchdog = setInterval(() => {
      const since = Atomics.load(ticks, 0);
      if (since === 0 || Date.now() - epoch - since <= timeLimit) return;
      const index = Atomics.load(ticks, 1) - 1;
      void worker.terminate();
      finish({
        cases: index + 1,
        failure: {
          kind: 'hang',
          reason: `case ${index} ran for more than ${timeLimit} ms${index >= job.numRuns ? ' (while shrinking a failure)' : ''}`,
          input: replaying,
          path: path ?? (index < job.numRuns ? String(index) : null),
        },
      });
    }, 50);
    let replaying = '(the worker was stopped; replay the path to see it)';
    worker.on('message', (m) => {
      if ('replaying' in m) replaying = m.replaying;
      else finish({ cases: m.cases, slowestMs: m.slowestMs, slowestCase: m.slowestCase, failure: m.failure && { kind: 'crash', ...m.failure } });
    });
    worker.once('error', (err) => finish({ cases: Atomics.load(ticks, 1), failure: { kind: 'crash', reason: `the worker died: ${err.stack ?? err}`, input: '?', path: null } }));
    worker.once('exit', (code) => finish({ cases: Atomics.load(ticks, 1), failure: { kind: 'crash', reason: `the worker exited (${code}) without a result`, input: '?', path: null } }));
  });
}

function fail(message) {
  console.error(`fuzz: ${message}`);
  process.exit(2);
}
