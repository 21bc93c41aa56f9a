import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { readProjectFile } from '../project/projectFile';
import type { RunStatus } from '../../../shared/serve/types';
import { eventually, fakeEnv, groupMembers, makePort, makeServe, readTrace, type TestPort } from './testing/support';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(extra: Record<string, string> = {}, portOptions: Parameters<typeof makePort>[0] = {}) {
  const port: TestPort = await makePort(portOptions);
  cleanups.push(port.cleanup);
  const trace = join(port.dir, 'fake-trace.jsonl');
  const s = makeServe(fakeEnv({ FAKE_MAX_TRACE: trace, ...extra }));
  cleanups.push(s.cleanup, () => s.serve.dispose());
  return { port, trace, ...s };
}

test('becomes ready on the banner plus /v1/health, answers the smoke request, records the evidence, stops on SIGINT', async () => {
  const { port, trace, serve, seen } = await setup();
  const started = await serve.start(port.dir, {});
  expect(started.argv.slice(0, 2)).toEqual([join(__dirname, '../../../fixtures/fake-max/max'), 'serve']);
  const settled = await serve.settled(started.runId);
  expect(settled.failure).toBeNull();
  expect(settled.ready).toBe(true);
  expect(settled.phases.map((p) => p.id)).toEqual(['config', 'server-starting', 'worker-started', 'worker-up', 'building', 'compiling', 'initialized', 'worker-ready', 'banner', 'ready']);
  const readyEvent = seen.find((e) => e.event === 'onRunStatus' && (e.payload as RunStatus).state === 'ready')!;
  const events = readTrace(trace);
  const listening = events.find((e) => e.event === 'listening')!;
  const health = events.find((e) => e.event === 'health-200')!;
  console.log('ready after listening', readyEvent.at - listening.at, 'ms; after health 200', readyEvent.at - health.at, 'ms');
  expect(readyEvent.at - health.at).toBeLessThan(100);
  expect(readyEvent.at).toBeGreaterThanOrEqual(health.at);
  expect(settled.servedModel).toBe(port.servePath);
  const smoke = await serve.smoke(started.runId, {});
  expect(smoke).toMatchObject({ ok: true, api: 'completions', completionTokens: 8 });
  expect(smoke.text).toBe(' Paris, and the capital of Germany is');
  const project = await readProjectFile(port.dir);
  expect(project!.evidence.serve).toMatchObject({ ok: true });
  const pgid = settled.pid!;
  const stopped = await serve.stop(started.runId);
  expect(stopped.stop).toMatchObject({ signal: 'SIGINT' });
  expect(groupMembers(pgid)).toEqual([]);
  expect(await eventually(() => readTrace(trace).filter((e) => e.event === 'exit').length >= 2)).toBe(true);
});

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

async function failureOf(extra: Record<string, string>, prepare?: (port: TestPort) => void | Promise<void>, options: Parameters<ReturnType<typeof makeServe>['serve']['start']>[1] = {}, portOptions: Parameters<typeof makePort>[0] = {}) {
  const { port, serve } = await setup(extra, portOptions);
  await prepare?.(port);
  const started = await serve.start(port.dir, options);
  const settled = await serve.settled(started.runId);
  const finished = await serve.finished(started.runId);
  expect(settled.ready).toBe(false);
  expect(groupMembers(finished.pid!)).toEqual([]);
  return { failure: finished.failure!, status: finished, port, serve };
}

const archPyLine = (port: TestPort, text: string) => readFileSync(join(port.packageDir, 'arch.py'), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;

describe('every failure maps to the step that fixes it, from MAX\'s own line', () => {
  test('port in use (MAX\'s check)', async () => {
    const { failure } = await failureOf({ FAKE_MAX_SCENARIO: 'port-in-use' });
    expect(failure).toMatchObject({ code: 'port-in-use', step: 'serve' });
    expect(failure.line).toMatch(/^ValueError: The network port \d+ is already in use$/);
  });

  test('out of memory: the weights exceed the free memory, with MAX\'s figures', async () => {
    const { failure } = await failureOf({ FAKE_MAX_SCENARIO: 'oom' });
    expect(failure).toMatchObject({ code: 'out-of-memory', step: 'serve', figures: { needed: expect.stringMatching(/KiB$/), free: expect.stringMatching(/KiB$/) } });
  });

  test('out of memory: no room for the KV cache', async () => {
    const { failure } = await failureOf({ FAKE_MAX_SCENARIO: 'kv-oom' });
    expect(failure).toMatchObject({ code: 'out-of-memory', step: 'serve' });
    expect(failure.line).toContain("don't leave room for KV cache");
  });

  test('import failure: MAX missing a module the package imports, traced to arch.py', async () => {
    const { failure, port } = await failureOf({ FAKE_MAX_SCENARIO: 'import-failed' });
    expect(failure).toMatchObject({ code: 'import-failed', step: 'register' });
    expect(failure.packageFrame).toMatchObject({ file: 'arch.py', line: archPyLine(port, 'from max.'), exception: "ModuleNotFoundError: No module named 'max'" });
  });

  test('import failure: a syntax error the user left in model.py, traced to its line (a real Python traceback)', async () => {
    let line = 0;
    const { failure } = await failureOf({}, (port) => {
      const file = join(port.packageDir, 'model.py');
      const lines = readFileSync(file, 'utf8').split('\n');
      line = lines.length + 2;
      writeFileSync(file, lines.join('\n') + '\n\ndef broken(:\n    pass\n');
    });
    expect(failure).toMatchObject({ code: 'import-failed', step: 'build-layers' });
    expect(failure.packageFrame).toMatchObject({ file: 'model.py', line, source: 'def broken(:' });
    expect(failure.packageFrame!.exception).toMatch(/^SyntaxError: /);
  });

  test('__init__.py without ARCHITECTURES', async () => {
    const { failure } = await failureOf({}, (port) => writeFileSync(join(port.packageDir, '__init__.py'), 'from .arch import *\n'));
    expect(failure).toMatchObject({ code: 'no-architectures-list', step: 'register' });
  });

  test('override refused: the package registers a name built into MAX', async () => {
    const { failure } = await failureOf({}, undefined, {}, { name: 'LlamaForCausalLM' });
    expect(failure).toMatchObject({ code: 'override-refused', step: 'register', figures: { name: 'LlamaForCausalLM' } });
  });

  test('architecture not found: the served config names another architecture', async () => {
    const { failure } = await failureOf({}, (port) => {
      const path = join(port.servePath, 'config.json');
      writeFileSync(path, readFileSync(path, 'utf8').replace('"TinyLlamaPort"', '"SomethingElse"'));
    });
    expect(failure).toMatchObject({ code: 'arch-not-found', step: 'register', figures: { name: 'SomethingElse' } });
  });

  test('config missing from the serve folder, and a config without architectures', async () => {
    const missing = await failureOf({}, (port) => rmSync(join(port.servePath, 'config.json')));
    expect(missing.failure).toMatchObject({ code: 'config-missing', step: 'serve' });
    const none = await failureOf({}, (port) => {
      const path = join(port.servePath, 'config.json');
      const config = JSON.parse(readFileSync(path, 'utf8'));
      delete config.architectures;
      writeFileSync(path, JSON.stringify(config));
    });
    expect(none.failure).toMatchObject({ code: 'no-architectures', step: 'register' });
  });

  test('encoding not in the package\'s supported_encodings', async () => {
    const { failure } = await failureOf({}, async (port) => {
      await makeServe().serve.settings(port.dir, { encoding: 'float16' });
    });
    expect(failure).toMatchObject({ code: 'encoding-unsupported', step: 'register', figures: { encoding: 'float16' } });
  });

  test('--max-length beyond max_position_embeddings', async () => {
    const { failure } = await failureOf({}, undefined, { extraArgs: ['--max-length', '99999'] });
    expect(failure).toMatchObject({ code: 'max-length-too-large', step: 'serve', figures: { requested: '99999', max: '2048' } });
  });

  test('unrecognized quantization config (awq)', async () => {
    const { failure } = await failureOf({}, undefined, {}, { configPatch: { quantization_config: { quant_method: 'awq', bits: 4 } } });
    expect(failure).toMatchObject({ code: 'quantization-unrecognized', step: 'map-fields', figures: { method: 'awq' } });
  });

  test('a flag this max does not know (click usage error)', async () => {
    const { failure } = await failureOf({}, undefined, { extraArgs: ['--bogus-flag'] });
    expect(failure).toMatchObject({ code: 'usage-error', step: 'serve', line: 'Error: No such option: --bogus-flag' });
  });

  test('the worker crashes in the package\'s model.py', async () => {
    const { failure } = await failureOf({ FAKE_MAX_SCENARIO: 'worker-crash' });
    expect(failure).toMatchObject({ code: 'worker-crashed', step: 'build-layers', line: expect.stringContaining('Worker crashed, Shutting down...') });
    expect(failure.packageFrame).toMatchObject({ file: 'model.py', exception: expect.stringContaining('AttributeError') });
  });

  test('the worker crashes loading weights of the wrong shape', async () => {
    const { failure } = await failureOf({ FAKE_MAX_SCENARIO: 'weights-mismatch' });
    expect(failure).toMatchObject({ code: 'weights-mismatch', step: 'map-weights' });
  });

  test("not ready in time: MAX's own worker timeout", async () => {
    const { failure } = await failureOf({ FAKE_MAX_SCENARIO: 'never-ready', MAX_SERVE_MW_TIMEOUT: '1' });
    expect(failure).toMatchObject({ code: 'not-ready-in-time', step: 'serve', line: 'TimeoutError: Model Worker failed to become ready' });
  });

  test('not ready in time: Bringup\'s --timeout, and the server is stopped', async () => {
    // The group is gone afterwards (failureOf checks it): Bringup stopped the server it gave up on.
    const { failure, status } = await failureOf({ FAKE_MAX_SCENARIO: 'never-ready' }, undefined, { timeoutS: 3, graceMs: { interrupt: 2000, terminate: 1000 } });
    expect(failure).toMatchObject({ code: 'not-ready-in-time', step: 'serve', hint: expect.stringContaining('within 3 s') });
    expect(status.state).toBe('failed');
  });

  test('an unknown failure shows the exit and the last error lines', async () => {
    const { failure } = await failureOf({}, async (port) => {
      await makeServe().serve.hooks.save(port.dir, { id: 'serve', title: 'Serve', preset: 'serve', argv: [process.execPath, '-e', "console.error('RuntimeError: CUDA_ERROR_ILLEGAL_ADDRESS'); process.exit(4)"] });
    });
    expect(failure).toMatchObject({ code: 'exited', step: 'serve', line: 'RuntimeError: CUDA_ERROR_ILLEGAL_ADDRESS' });
  });
});

describe('readiness whatever the log looks like', () => {
  for (const [name, env] of [
    ['structured JSON logs', { MODULAR_STRUCTURED_LOGGING: '1' }],
    ['a banner without the emoji, pixi/uv noise', { FAKE_MAX_BANNER: 'plain', FAKE_MAX_NOISE: 'extra' }],
    ['a log prefix', { MAX_SERVE_LOG_PREFIX: '[replica-0]' }],
  ] as const) {
    test(name, async () => {
      const { port, serve } = await setup(env);
      const started = await serve.start(port.dir, {});
      const settled = await serve.settled(started.runId);
      expect(settled.failure).toBeNull();
      expect(settled.ready).toBe(true);
      expect(settled.phases.map((p) => p.id)).toEqual(expect.arrayContaining(['config', 'worker-started', 'compiling', 'banner', 'ready']));
      await serve.stop(started.runId);
    });
  }

  test('no ready banner at all: ready from /v1/health alone, said as a notice', async () => {
    const { port, serve } = await setup({ FAKE_MAX_BANNER: 'none' });
    const started = await serve.start(port.dir, {});
    const settled = await serve.settled(started.runId);
    expect(settled.failure).toBeNull();
    expect(settled).toMatchObject({ ready: true, health: 200, url: `http://127.0.0.1:${settled.httpPort}` });
    expect(settled.phases.map((p) => p.id)).not.toContain('banner');
    expect(settled.notices.map((n) => n.code)).toContain('ready-without-banner');
    expect(settled.servedModel).not.toBeNull();
    await serve.stop(started.runId);
  });
});

describe('ports', () => {
  test('a port held by another process: who holds it, and a free one offered, before anything starts', async () => {
    const held = createServer();
    await new Promise<void>((r) => held.listen(0, '0.0.0.0', r));
    const heldPort = (held.address() as { port: number }).port;
    cleanups.push(() => new Promise((r) => held.close(r)));
    const { port, serve } = await setup();
    const plan = await serve.prepare(port.dir, { port: heldPort });
    expect(plan.portCheck).toMatchObject({ port: heldPort, free: false, holder: { pid: process.pid } });
    expect(plan.freePort).toBeGreaterThan(heldPort);
    const status = await serve.start(port.dir, { port: heldPort });
    expect(status).toMatchObject({ state: 'failed', pid: null, failure: { code: 'port-in-use', step: 'serve', holder: { pid: process.pid }, freePort: plan.freePort } });
    expect(status.failure!.line).toBe(`port ${heldPort} is held by ${status.failure!.holder!.name} (pid ${process.pid})`);
  });

  test("never MAX's metrics port", async () => {
    const { port, serve } = await setup();
    await expect(serve.start(port.dir, { port: 8001 })).rejects.toThrow(/metrics port/);
  });
});

describe('hooks', () => {
  test('a plan writes nothing; a start stores the Serve preset; an edit is kept as written, a reset returns to the preset', async () => {
    const { port, serve } = await setup();
    const plan = await serve.prepare(port.dir, {});
    expect(plan.hook).toMatchObject({ id: 'serve', preset: 'serve', edited: false });
    expect(plan.argv).toEqual([expect.stringMatching(/fake-max\/max$/), 'serve', '--custom-architectures', port.packageDir, '--model-path', port.servePath, '--quantization-encoding', 'bfloat16', '--port', String(plan.httpPort)]);
    expect((await readProjectFile(port.dir))!.hooks).toEqual([]);
    const edited = [...plan.hook.argv, '--max-length', '{maxLength}'];
    const hooks = await serve.hooks.save(port.dir, { ...plan.hook, argv: edited });
    expect(hooks).toEqual([expect.objectContaining({ id: 'serve', edited: true, argv: edited })]);
    expect((await serve.prepare(port.dir, {})).argv!.slice(-2)).toEqual(['--max-length', '2048']);
    await expect(serve.hooks.save(port.dir, { id: 'mine', title: 'Mine', argv: ['{python}', '{scriptPath}'] })).rejects.toThrow("hook 'mine': unknown placeholder {scriptPath}");
    await serve.hooks.remove(port.dir, 'serve');
    expect((await serve.prepare(port.dir, {})).hook.edited).toBe(false);
    const list = await serve.hooks.list(port.dir);
    expect(list.presets.map((p) => p.id)).toEqual(['serve', 'generate', 'warm-cache', 'max-logits', 'reference-logits']);
  });

  test('a command hook (max generate) runs to its end with its log', async () => {
    const { port, serve } = await setup();
    const started = await serve.hooks.run(port.dir, 'generate');
    expect(started.kind).toBe('command');
    const finished = await serve.finished(started.runId);
    expect(finished).toMatchObject({ state: 'exited', exitCode: 0, failure: null });
    expect(readFileSync(finished.log, 'utf8')).toContain('The capital of France is Paris');
  });
});
