import { closeSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyTensors, writeSparseCheckpoint } from '../../../scripts/gen-sparse-checkpoint';
import type { WeightsRead } from '../../../shared/weights/report';
import { parsedHere } from './headerSource';
import { MIN_INDEX_BYTES_FOR_WORKER, startHeaderWork, useHeaderWorker, type HeaderWork } from './headerWorker';
import { localHeaderSource } from './localHeaderSource';
import { readSafetensors } from './readSafetensors';

const root = mkdtempSync(join(tmpdir(), 'bringup-header-worker-'));
const INDEX = 'model.safetensors.index.json';
let workerScript = '';

beforeAll(async () => {
  // The worker as the build makes it (vite.cli.config.mts): one CommonJS file run by worker_threads.
  await build({
    configFile: false,
    logLevel: 'silent',
    ssr: { noExternal: true },
    build: {
      ssr: true, target: 'node20', outDir: join(root, 'bin'), minify: false, emptyOutDir: true,
      rolldownOptions: { input: { headerWorker: resolve(__dirname, 'headerWorkerMain.ts') }, output: { format: 'cjs', entryFileNames: '[name].js' } },
    },
  });
  workerScript = join(root, 'bin', 'headerWorker.js');
}, 60_000);
afterAll(() => {
  useHeaderWorker(null);
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;
async function checkpoint(options: { sortIndex?: boolean } = {}): Promise<string> {
  // DeepSeek-V3's layout (FP8 weights, their scales, 256 experts per layer), four layers of it.
  const config = { ...JSON.parse(readFileSync(join(__dirname, '../../../fixtures/corpus/deepseek-ai__DeepSeek-V3/config.json'), 'utf8')), num_hidden_layers: 4 };
  const dir = join(root, `ckpt-${counter++}`);
  await writeSparseCheckpoint(dir, { tensors: familyTensors('deepseek_v3', config, { fp8: true }), shards: 6, config });
  if (options.sortIndex === false) {
    // An index whose weight_map is not in name order: the table is joined through the name map.
    const index = JSON.parse(readFileSync(join(dir, INDEX), 'utf8'));
    index.weight_map = Object.fromEntries(Object.entries(index.weight_map).reverse());
    writeFileSync(join(dir, INDEX), JSON.stringify(index));
  }
  return dir;
}

const shardsOf = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.safetensors')).sort();
const layoutOf = (dir: string) => ({ index: { file: INDEX, text: readFileSync(join(dir, INDEX), 'utf8') }, present: new Set(readdirSync(dir)) });
/** What a read gives, without its name lookup (a function): the table, files, totals, metadata, warnings. */
const view = (r: WeightsRead) => ({ ...r, byName: r.tensors.names.map((n) => r.byName?.get(n)) });
const outcome = async (read: () => Promise<WeightsRead>) => read().then(view, (err: Error) => ({ error: err.message }));

/** Reads `dir` with the header work and on this thread alone; both must agree. */
async function bothWays(dir: string, work: HeaderWork) {
  try {
    const viaWork = await outcome(() => readSafetensors(dir, work, layoutOf(dir)));
    const here = await outcome(() => readSafetensors(dir, parsedHere(localHeaderSource(dir)), layoutOf(dir)));
    return { viaWork, here };
  } finally {
    work.close();
  }
}

/** A checkpoint read through the header work with `script`: the calling thread's table, `fromWorker` shards from the worker, no thread left. */
async function expectSameTable(script: string, dir: string, fromWorker: number) {
  useHeaderWorker(script);
  const work = startHeaderWork(dir, shardsOf(dir), MIN_INDEX_BYTES_FOR_WORKER);
  expect(work.usesWorker).toBe(true);
  const { viaWork, here } = await bothWays(dir, work);
  expect('error' in viaWork).toBe(false);
  expect(viaWork).toEqual(here);
  expect(work.fromWorker()).toBe(fromWorker);
  await work.done;
}

describe('headers parsed on the header worker', () => {
  it('give the table the calling thread gives, and the worker ends with its work', async () => {
    await expectSameTable(workerScript, await checkpoint(), 6);
  });

  it('also when the index is not in name order (the join by name)', async () => {
    await expectSameTable(workerScript, await checkpoint({ sortIndex: false }), 6);
  });

  it("a corrupt shard is the same one-line error, the worker's or this thread's", async () => {
    useHeaderWorker(workerScript);
    const dir = await checkpoint();
    const fd = openSync(join(dir, shardsOf(dir)[2]), 'r+');
    const head = Buffer.alloc(4096);
    readSync(fd, head, 0, head.length, 0);
    writeSync(fd, Buffer.from('Q'), 0, 1, head.indexOf('"dtype":"') + 9); // F32 -> Q32, an unknown dtype
    closeSync(fd);
    const work = startHeaderWork(dir, shardsOf(dir), MIN_INDEX_BYTES_FOR_WORKER);
    const { viaWork, here } = await bothWays(dir, work);
    expect(viaWork).toEqual(here);
    expect(viaWork).toEqual({ error: expect.stringMatching(/^\/.*model-00003-of-00006\.safetensors: byte \d+: tensor ".+": unknown dtype "Q/) });
    await work.done;
  });

  it('a worker that dies leaves its files to this thread', async () => {
    const dead = join(root, 'dead-worker.js');
    writeFileSync(dead, 'throw new Error("the worker failed to start");\n');
    await expectSameTable(dead, await checkpoint(), 0);
  });

  it('small headers, or no built worker, are parsed on this thread', async () => {
    const dir = await checkpoint();
    useHeaderWorker(workerScript);
    expect(startHeaderWork(dir, shardsOf(dir), MIN_INDEX_BYTES_FOR_WORKER - 1).usesWorker).toBe(false);
    useHeaderWorker(join(root, 'no-such-worker.js'));
    expect(startHeaderWork(dir, shardsOf(dir), MIN_INDEX_BYTES_FOR_WORKER).usesWorker).toBe(false);
    useHeaderWorker(null);
    const work = startHeaderWork(dir, shardsOf(dir), MIN_INDEX_BYTES_FOR_WORKER);
    expect(work.usesWorker).toBe(false);
    const { viaWork, here } = await bothWays(dir, work);
    expect(viaWork).toEqual(here);
  });
});
