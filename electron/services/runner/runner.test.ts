import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, test } from 'vitest';
import { alive, eventually, FAKE_MAX, fakeEnv, groupMembers, makePort, makeServe, readTrace, supervisorForTests, type TestPort } from '../serve/testing/support';
import { findFreePort } from './ports';
import { startSupervised } from './supervised';
import { startWatched } from './watched';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fakeServeJob(extra: Record<string, string> = {}) {
  const port: TestPort = await makePort();
  cleanups.push(port.cleanup);
  const trace = join(port.dir, 'trace.jsonl');
  const httpPort = await findFreePort(18000 + Math.floor(Math.random() * 2000), [8001]);
  const argv = [FAKE_MAX, 'serve', '--custom-architectures', port.packageDir, '--model-path', port.servePath, '--port', String(httpPort), '--quantization-encoding', 'bfloat16'];
  return { port, trace, job: { argv, cwd: port.dir, env: fakeEnv({ FAKE_MAX_TRACE: trace, FAKE_MAX_LOAD_MS: '60000', ...extra }) } };
}

/** Waits until the fake's model worker is up: the group then holds two processes. */
async function workerUp(trace: string): Promise<{ main: number; worker: number }> {
  expect(await eventually(() => readTrace(trace).some((e) => e.event === 'worker'), 20_000)).toBe(true);
  const events = readTrace(trace);
  return { main: events.find((e) => e.event === 'start')!.pid, worker: events.find((e) => e.event === 'worker')!.pid };
}

/**
 * A plain Node process running the runner's own code (compiled from source) as Bringup would, which
 * prints the pid of what holds its lifeline; the tests kill it with SIGKILL.
 */
async function launcher(job: object, start: 'startSupervised' | 'startWatched'): Promise<{ kill(): void; lifeline: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bringup-launcher-'));
  writeFileSync(join(dir, 'package.json'), '{"type":"commonjs"}');
  for (const name of ['supervised', 'watched', 'processGroup']) {
    const source = readFileSync(join(__dirname, `${name}.ts`), 'utf8');
    writeFileSync(join(dir, `${name}.js`), ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText);
  }
  const module = start === 'startSupervised' ? './supervised' : './watched';
  writeFileSync(join(dir, 'launcher.js'), `const { ${start} } = require('${module}');\nconst s = ${start}(JSON.parse(process.argv[2]), process.argv[3]);\ns.stdout.resume(); s.stderr.resume();\ns.spawned.then(() => process.stdout.write(JSON.stringify({ lifeline: s.supervisorPid }) + '\\n'));\n`);
  const child = spawn(process.execPath, [join(dir, 'launcher.js'), JSON.stringify(job), supervisorForTests()], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(() => child.kill('SIGKILL'));
  const lifeline = await new Promise<number>((resolve) => child.stdout.once('data', (b: Buffer) => resolve(JSON.parse(b.toString()).lifeline)));
  return { kill: () => child.kill('SIGKILL'), lifeline };
}

describe('no process of the group outlives Bringup', () => {
  test('kill -9 of the launcher: the supervisor sees its lifeline close and ends the group, worker included', async () => {
    const { trace, job } = await fakeServeJob();
    const { kill, lifeline: supervisorPid } = await launcher(job, 'startSupervised');
    const { main, worker } = await workerUp(trace);
    expect(groupMembers(main).sort()).toEqual([main, worker].sort());
    const killedAt = Date.now();
    kill();
    expect(await eventually(() => groupMembers(main).length === 0 && !alive(supervisorPid), 15_000)).toBe(true);
    console.log(`kill -9 of the launcher: group gone ${Date.now() - killedAt} ms later`);
    expect([alive(main), alive(worker), alive(supervisorPid)]).toEqual([false, false, false]);
  });

  test('kill -9 of MAX itself: its model worker, orphaned, is ended with the group', async () => {
    const { trace, job } = await fakeServeJob();
    const run = startSupervised(job, supervisorForTests());
    run.stdout.resume();
    run.stderr.resume();
    const { main, worker } = await workerUp(trace);
    process.kill(main, 'SIGKILL');
    const exit = await run.exited;
    expect(exit.signal).toBe('SIGKILL');
    await run.done;
    expect(groupMembers(main)).toEqual([]);
    expect(alive(worker)).toBe(false);
  });

  test('kill -9 of the supervisor: Bringup ends the group itself', async () => {
    const { trace, job } = await fakeServeJob();
    const run = startSupervised(job, supervisorForTests());
    run.stdout.resume();
    run.stderr.resume();
    const { main, worker } = await workerUp(trace);
    process.kill(run.supervisorPid!, 'SIGKILL');
    await run.done;
    expect(await eventually(() => groupMembers(main).length === 0, 10_000)).toBe(true);
    expect(alive(worker)).toBe(false);
  });
});

describe('stop: SIGINT, then SIGTERM, then SIGKILL of the group', () => {
  for (const [ignored, expected, grace] of [
    ['', 'SIGINT', { interrupt: 5000, terminate: 3000 }],
    ['SIGINT', 'SIGTERM', { interrupt: 400, terminate: 5000 }],
    ['SIGINT,SIGTERM', 'SIGKILL', { interrupt: 400, terminate: 400 }],
  ] as const) {
    test(`a server ${ignored ? `ignoring ${ignored}` : 'that honours SIGINT'} ends by ${expected}`, async () => {
      const { port, job } = await fakeServeJob({ FAKE_MAX_IGNORE_SIGNALS: ignored, FAKE_MAX_LOAD_MS: '100' });
      const { serve } = makeServe(job.env);
      cleanups.push(() => serve.dispose());
      const started = await serve.start(port.dir, { graceMs: grace });
      const settled = await serve.settled(started.runId);
      expect(settled.ready).toBe(true);
      const stopped = await serve.stop(started.runId);
      console.log(`stop of a server ${ignored ? `ignoring ${ignored}` : 'honouring SIGINT'}: ended by ${stopped.stop?.signal} after ${stopped.stop?.tookMs} ms`);
      expect(stopped.stop).toMatchObject({ signal: expected });
      expect(stopped.state).toBe('exited');
      expect(groupMembers(settled.pid!)).toEqual([]);
    });
  }
});

describe('the shell watchdog (the packaged desktop app, which cannot run supervisor.js as Node)', () => {
  test('kill -9 of Bringup: the watchdog sees the pipe close and ends the group, worker included', async () => {
    const { trace, job } = await fakeServeJob();
    const { kill, lifeline: watchdogPid } = await launcher(job, 'startWatched');
    const { main, worker } = await workerUp(trace);
    expect(groupMembers(main).sort()).toEqual([main, worker].sort());
    const killedAt = Date.now();
    kill();
    // MAX ends on SIGINT in ~50 ms: the group must be gone well before any grace period runs out.
    expect(await eventually(() => groupMembers(main).length === 0 && !alive(watchdogPid), 4_000)).toBe(true);
    console.log(`kill -9 of Bringup with the shell watchdog: group gone ${Date.now() - killedAt} ms later`);
    expect([alive(main), alive(worker), alive(watchdogPid)]).toEqual([false, false, false]);
    expect(readTrace(trace).find((e) => e.event === 'signal')).toMatchObject({ signal: 'SIGINT', pid: main });
  });

  test('stop ends the group by SIGINT, then SIGTERM; a normal end dismisses the watchdog', async () => {
    const { trace, job } = await fakeServeJob({ FAKE_MAX_IGNORE_SIGNALS: 'SIGINT' });
    const run = startWatched({ ...job, graceMs: { interrupt: 300, terminate: 3000 } });
    run.stdout.resume();
    run.stderr.resume();
    const { main, worker } = await workerUp(trace);
    const watchdogPid = run.supervisorPid!;
    expect(alive(watchdogPid)).toBe(true);
    const stopped = await run.stop();
    expect(stopped).toMatchObject({ signal: 'SIGTERM', reason: 'requested' });
    expect(groupMembers(main)).toEqual([]);
    expect(alive(worker)).toBe(false);
    expect(await eventually(() => !alive(watchdogPid), 5_000)).toBe(true);
  });

  test('a command that cannot start is one line, and leaves nothing behind', async () => {
    const run = startWatched({ argv: ['/no/such/max', 'serve'], cwd: tmpdir(), env: { PATH: process.env.PATH ?? '' } });
    await expect(run.spawned).rejects.toThrow('/no/such/max: not found');
    expect(await run.done).toBeNull();
  });
});
