import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { alive, eventually, FAKE_MAX_DIR, generatedPort, groupMembers, readTrace } from '../support/servePort';

// `bringup serve` and `bringup doctor` as a user runs them (CLI-CONTRACT.md "Running the port"), against
// the fake max; and no process left behind when the launcher itself is killed with SIGKILL.
const env = (extra: Record<string, string> = {}) => ({ ...process.env, PATH: `${FAKE_MAX_DIR}:${process.env.PATH}`, HF_HUB_OFFLINE: '1', BRINGUP_DATA_DIR: mkdtempSync(join(tmpdir(), 'bringup-cli-data-')), ...extra });

function bringup(args: string[], extra: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['bin/bringup.js', ...args], { encoding: 'utf8', env: env(extra), timeout: 60_000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

test('serve --smoke --json keeps the contract, records the run and the Serve evidence', () => {
  const { dir } = generatedPort();
  try {
    const run = bringup(['serve', dir, '--smoke', '--json']);
    expect(run.code, run.err).toBe(0);
    const json = JSON.parse(run.out);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['port', 'argv', 'pid', 'httpPort', 'ready', 'readyAfterMs', 'url', 'health', 'servedModel', 'smoke', 'failure', 'log', 'exitCode']));
    expect(json).toMatchObject({ port: dir, ready: true, health: 200, failure: null, servedModel: join(dir, 'checkpoint'), smoke: { ok: true, completionTokens: 8 } });
    expect(json.argv).toEqual([join(FAKE_MAX_DIR, 'max'), 'serve', '--custom-architectures', join(dir, 'tiny_llama_port'), '--model-path', join(dir, 'checkpoint'), '--quantization-encoding', 'bfloat16', '--port', String(json.httpPort)]);
    expect(readFileSync(json.log, 'utf8')).toContain('Server ready on http://');
    const project = JSON.parse(readFileSync(join(dir, '.bringup', 'project.json'), 'utf8'));
    expect(project.evidence.serve).toMatchObject({ ok: true, data: { ready: true, versions: { max: '26.5.0.dev2026062514' } } });
    expect(Object.keys(project.evidence.serve.inputs)).toEqual(expect.arrayContaining(['tiny_llama_port/model.py', 'checkpoint/config.json']));
    expect(project.runs.at(-1)).toMatchObject({ hook: 'serve', log: `.bringup/runs/${json.runId}.log` });
    expect(groupMembers(json.pid)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serve exit codes: 3 with the failure mapped to its step, 2 for bad input, 64 for usage', () => {
  const { dir, packageDir } = generatedPort();
  try {
    const failed = bringup(['serve', dir, '--json'], { FAKE_MAX_SCENARIO: 'import-failed' });
    expect(failed.code).toBe(3);
    expect(JSON.parse(failed.out).failure).toMatchObject({ code: 'import-failed', step: 'register', packageFrame: { file: 'arch.py', path: join(packageDir, 'arch.py') } });
    const text = bringup(['serve', dir], { FAKE_MAX_SCENARIO: 'oom' });
    expect(text.code).toBe(3);
    expect(text.err).toContain('bringup: not ready: out-of-memory (fix in: serve)');
    expect(text.out).toContain('Model size exceeds available memory');
    expect(bringup(['serve', join(dir, 'nope')]).code).toBe(2);
    expect(bringup(['serve', dir, '--max', '/nonexistent/max']).err).toMatch(/\/nonexistent\/max not found/);
    expect(bringup(['serve', dir, '--until', 'later']).code).toBe(64);
    expect(bringup(['serve', dir, '--port', '8001']).code).toBe(2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serve on a port another process holds: exit 3 before starting, the holder named, a free port offered', async () => {
  const { dir } = generatedPort();
  const held = createServer();
  await new Promise<void>((r) => held.listen(0, '0.0.0.0', r));
  const port = (held.address() as { port: number }).port;
  try {
    const run = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/bringup.js', 'serve', dir, '--port', String(port), '--json'], { env: env() });
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b));
      child.on('exit', (code) => resolve({ code, out }));
    });
    expect(run.code).toBe(3);
    expect(JSON.parse(run.out).failure).toMatchObject({ code: 'port-in-use', step: 'serve', holder: { pid: process.pid }, freePort: expect.any(Number), line: expect.stringContaining(`port ${port} is held by`) });
  } finally {
    await new Promise((r) => held.close(r));
    rmSync(dir, { recursive: true, force: true });
  }
});

test('doctor never fails for a missing piece', () => {
  const run = bringup(['doctor', '--json'], { PATH: '/nonexistent' });
  expect(run.code).toBe(0);
  expect(JSON.parse(run.out)).toMatchObject({ max: { path: null }, gpus: { found: false } });
  const found = JSON.parse(bringup(['doctor', '--json']).out);
  expect(found).toMatchObject({ max: { version: '26.5.0.dev2026062514' }, gpus: { found: true, devices: [{ name: 'NVIDIA H100 80GB HBM3' }] }, codegen: { known: true } });
});

/** `bringup serve DIR` (until exit), watched until the server is ready. */
async function serving(dir: string, trace: string): Promise<{ child: ChildProcess; pgid: number; worker: number }> {
  const child = spawn(process.execPath, ['bin/bringup.js', 'serve', dir], { env: env({ FAKE_MAX_TRACE: trace }), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.resume();
  let err = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready: ${err}`)), 45_000);
    child.stderr!.on('data', (b: Buffer) => {
      err += b;
      if (err.includes('bringup: ready on http://')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const events = readTrace(trace);
  return { child, pgid: events.find((e) => e.event === 'start')!.pid, worker: events.find((e) => e.event === 'worker')!.pid };
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  test(`serve stopped by ${signal}: the server and its worker end, exit 0`, async () => {
    const { dir } = generatedPort();
    const trace = join(dir, 'trace.jsonl');
    try {
      const { child, pgid, worker } = await serving(dir, trace);
      const sent = Date.now();
      child.kill(signal);
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      console.log(`bringup serve stopped by ${signal}: exited after ${Date.now() - sent} ms`);
      expect(code).toBe(0);
      expect(groupMembers(pgid)).toEqual([]);
      expect(alive(worker)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('kill -9 of `bringup serve`: nothing of the server is left', async () => {
  const { dir } = generatedPort();
  const trace = join(dir, 'trace.jsonl');
  try {
    const { child, pgid, worker } = await serving(dir, trace);
    expect(groupMembers(pgid).sort()).toEqual([pgid, worker].sort());
    const killed = Date.now();
    child.kill('SIGKILL');
    expect(await eventually(() => groupMembers(pgid).length === 0, 15_000)).toBe(true);
    console.log(`kill -9 of bringup serve: group gone after ${Date.now() - killed} ms`);
    expect(alive(worker)).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kill -9 of the services host (`bringup web`) with a server running: nothing of it is left', async () => {
  const { dir } = generatedPort();
  const trace = join(dir, 'trace.jsonl');
  const web = spawn(process.execPath, ['bin/bringup.js', 'web', '--port', '0'], { env: env({ FAKE_MAX_TRACE: trace }), stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<URL>((resolve) => {
      let out = '';
      web.stdout!.on('data', (b: Buffer) => {
        out += b;
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
        if (m) resolve(new URL(m[1]));
      });
    });
    const rpc = async (method: string, args: unknown[]) => {
      const res = await fetch(`${url.origin}/rpc/serve/${method}`, { method: 'POST', headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/json' }, body: JSON.stringify({ args }) });
      const body = (await res.json()) as { ok: boolean; value?: { runId: string; state: string; pid: number }; error?: { message: string } };
      if (!body.ok) throw new Error(body.error!.message);
      return body.value!;
    };
    const started = await rpc('start', [dir]);
    await expect.poll(async () => (await rpc('status', [started.runId])).state, { timeout: 45_000 }).toBe('ready');
    const events = readTrace(trace);
    const pgid = events.find((e) => e.event === 'start')!.pid;
    const worker = events.find((e) => e.event === 'worker')!.pid;
    expect(groupMembers(pgid).length).toBe(2);
    const killed = Date.now();
    web.kill('SIGKILL');
    expect(await eventually(() => groupMembers(pgid).length === 0, 15_000)).toBe(true);
    console.log(`kill -9 of bringup web: group gone after ${Date.now() - killed} ms`);
    expect(alive(worker)).toBe(false);
  } finally {
    web.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
