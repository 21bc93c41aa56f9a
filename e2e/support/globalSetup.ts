import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeHub } from '../fixtures/fake-hub/server.mjs';

/**
 * Starts the fake Hub in this process, then the real browser mode (`bringup web`, the built CLI)
 * as its own process pointed at it (HF_ENDPOINT), with a scratch data folder, HF_HOME and HF cache,
 * and no token (specs enter one through the UI). Specs get, through the environment:
 * BRINGUP_URL (the tokened UI), BRINGUP_FAKE_HUB (the Hub's URL), BRINGUP_FAKE_HUB_CONTROL (a tiny
 * loopback route to set the Hub's behaviours and read its request log, see below), BRINGUP_HF_CACHE
 * and BRINGUP_FAKE_HUB_TOKEN (the token that reads everything, for specs that enter one).
 * Nothing reaches the internet.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const scratch = mkdtempSync(join(tmpdir(), 'bringup-e2e-'));
  // A dynamic import: server.mjs is an ES module with top-level await, which require() cannot load.
  const { startFakeHub, FAKE_HUB_TOKEN } = await import('../fixtures/fake-hub/server.mjs');
  const hub = await startFakeHub();
  const control = await startControl(hub);
  const cacheDir = process.env.BRINGUP_E2E_CACHE ?? join(scratch, 'hf-cache');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BRINGUP_DATA_DIR: join(scratch, 'data'),
    HF_HOME: join(scratch, 'hf-home'),
    HF_HUB_CACHE: cacheDir,
    HF_ENDPOINT: hub.url,
  };
  for (const name of ['HF_HUB_OFFLINE', 'TRANSFORMERS_OFFLINE', 'HF_TOKEN', 'HF_TOKEN_PATH', 'HUGGING_FACE_HUB_TOKEN']) delete env[name];
  // The Electron face (e2e/support/fixtures.ts) starts the app itself, with the same environment.
  process.env.BRINGUP_APP_ENV = JSON.stringify(env);
  const server: ChildProcess = spawn(process.execPath, ['bin/bringup.js', 'web', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`bringup web did not start: ${out}`)), 20_000);
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    server.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    server.on('exit', (code) => reject(new Error(`bringup web exited with ${code}: ${out}`)));
  });
  process.env.BRINGUP_URL = url;
  process.env.BRINGUP_SCRATCH = scratch;
  process.env.BRINGUP_HF_CACHE = cacheDir;
  process.env.BRINGUP_FAKE_HUB = hub.url;
  process.env.BRINGUP_FAKE_HUB_CONTROL = control.url;
  process.env.BRINGUP_FAKE_HUB_TOKEN = FAKE_HUB_TOKEN;
  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => control.server.close(() => r(undefined)));
    await hub.close();
  };
}

/**
 * The specs run in worker processes, the fake Hub here: `POST /behaviour {matcher, behaviour}`
 * (behaviour null removes it), `POST /clear` (all behaviours), `GET /requests` (the Hub's request log).
 */
async function startControl(hub: FakeHub): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      try {
        if (req.method === 'GET' && req.url === '/requests') return reply(200, hub.requests);
        if (req.method === 'POST' && req.url === '/clear') {
          hub.clearBehaviours();
          return reply(200, { ok: true });
        }
        if (req.method === 'POST' && req.url === '/behaviour') {
          const { matcher, behaviour } = JSON.parse(body) as { matcher: string; behaviour: Parameters<FakeHub['setBehaviour']>[1] };
          hub.setBehaviour(matcher, behaviour);
          return reply(200, { ok: true });
        }
        reply(404, { error: 'unknown control route' });
      } catch (err) {
        reply(400, { error: (err as Error).message });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
