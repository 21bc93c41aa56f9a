import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createServices } from '../services';
import { startWebServer, type WebServer } from './server';

let server: WebServer;
let port: number;
const scratch = mkdtempSync(join(tmpdir(), 'bringup-web-'));

function raw(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: { Host: `127.0.0.1:${port}`, ...init.headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end(init.body);
  });
}

beforeAll(async () => {
  const rendererDir = join(scratch, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Bringup</title>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets/index-BFwVhDZz.js'), 'console.log(1);'.repeat(100));
  writeFileSync(join(rendererDir, 'assets/index-BFwVhDZz.js.br'), brotliCompressSync('console.log(1);'.repeat(100)));
  writeFileSync(join(scratch, 'secret.txt'), 'outside the renderer');
  const services = createServices({ face: 'browser', resourcesDir: resolve('resources'), dataDir: join(scratch, 'data'), env: {}, version: 'test' });
  server = await startWebServer({ services, rendererDir });
  port = Number(new URL(server.origin).port);
});
afterAll(async () => server.close());

describe('browser mode server', () => {
  it('binds to 127.0.0.1 by default and prints a tokened URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it('refuses requests without the token (401)', async () => {
    expect((await raw('/')).status).toBe(401);
    expect((await raw('/rpc/app/info', { method: 'POST', body: '{"args":[]}' })).status).toBe(401);
    expect((await raw('/?token=wrong')).status).toBe(401);
  });

  it('refuses a foreign Host or Origin (403), even with the token', async () => {
    const auth = { Authorization: `Bearer ${server.token}` };
    expect((await raw('/', { headers: { ...auth, Host: 'evil.example:80' } })).status).toBe(403);
    expect((await raw('/', { headers: { ...auth, Origin: 'http://evil.example' } })).status).toBe(403);
    expect((await raw('/', { headers: { ...auth, Origin: `http://127.0.0.1:${port}` } })).status).toBe(200);
  });

  it('exchanges the token for an HttpOnly session cookie, then serves the UI with a CSP', async () => {
    const first = await raw(`/?token=${server.token}`);
    expect(first.status).toBe(302);
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await raw('/', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Bringup</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('revalidates index.html with its ETag (304, CSP kept) and sends build assets compressed and immutable', async () => {
    const auth = { Authorization: `Bearer ${server.token}` };
    const page = await raw('/', { headers: auth });
    expect(page.headers['cache-control']).toBe('no-cache');
    const again = await raw('/', { headers: { ...auth, 'If-None-Match': String(page.headers.etag) } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers['content-security-policy']).toContain("default-src 'self'");
    const asset = await raw('/assets/index-BFwVhDZz.js', { headers: { ...auth, 'Accept-Encoding': 'gzip, br' } });
    expect(asset.status).toBe(200);
    expect(asset.headers).toMatchObject({ 'content-encoding': 'br', 'cache-control': 'private, max-age=31536000, immutable', vary: 'Accept-Encoding' });
  });

  it('carries service calls over POST /rpc and validates them like IPC', async () => {
    const auth = { Authorization: `Bearer ${server.token}` };
    const ok = JSON.parse((await raw('/rpc/app/info', { method: 'POST', headers: auth, body: '{"args":[]}' })).body);
    expect(ok).toMatchObject({ ok: true, value: { face: 'browser', version: 'test' } });
    const unknown = JSON.parse((await raw('/rpc/app/constructor', { method: 'POST', headers: auth, body: '{"args":[]}' })).body);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'usage' } });
    const bad = JSON.parse((await raw('/rpc/checkpoint/open', { method: 'POST', headers: auth, body: '{"args":[7]}' })).body);
    expect(bad).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect((await raw('/rpc/app/info', { method: 'GET', headers: auth })).status).toBe(405);
  });

  it('never serves files outside the renderer folder', async () => {
    const auth = { Authorization: `Bearer ${server.token}` };
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00']) {
      expect((await raw(path, { headers: auth })).status, path).toBe(404);
    }
  });

  it('opens the event socket only for an authenticated, same-origin client', async () => {
    const attempt = (headers: Record<string, string>) =>
      new Promise<string>((done) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/events`, { headers });
        ws.on('open', () => (ws.close(), done('open')));
        ws.on('error', () => done('refused'));
        ws.on('unexpected-response', () => done('refused'));
      });
    expect(await attempt({})).toBe('refused');
    expect(await attempt({ Authorization: `Bearer ${server.token}`, Origin: 'http://evil.example' })).toBe('refused');
    expect(await attempt({ Authorization: `Bearer ${server.token}` })).toBe('open');
  });
});
