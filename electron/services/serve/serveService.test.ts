import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
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
