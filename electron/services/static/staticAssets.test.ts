import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMMUTABLE, REVALIDATE, acceptedCodings, cacheControlFor, serveStatic } from './staticAssets';

const root = mkdtempSync(join(tmpdir(), 'bringup-static-'));
const bundle = 'console.log("bringup");\n'.repeat(400);

beforeAll(() => {
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="./assets/index-BFwVhDZz.js"></script>');
  writeFileSync(join(root, 'assets/index-BFwVhDZz.js'), bundle);
  writeFileSync(join(root, 'assets/index-BFwVhDZz.js.br'), brotliCompressSync(bundle));
  writeFileSync(join(root, 'assets/index-BFwVhDZz.js.gz'), gzipSync(bundle));
  writeFileSync(join(root, 'assets/stale-CQfiJG4X.js'), 'new');
  writeFileSync(join(root, 'assets/stale-CQfiJG4X.js.gz'), gzipSync('old'));
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(root, 'assets/stale-CQfiJG4X.js.gz'), past, past);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('Accept-Encoding', () => {
  it('prefers the client’s higher q, then brotli; q=0 refuses; * stands for the rest', () => {
    const both = ['br', 'gzip'] as const;
    expect(acceptedCodings('gzip, deflate, br, zstd', both)).toEqual(['br', 'gzip']);
    expect(acceptedCodings('gzip;q=1.0, br;q=0.5', both)).toEqual(['gzip', 'br']);
    expect(acceptedCodings('br;q=0, gzip', both)).toEqual(['gzip']);
    expect(acceptedCodings('*', both)).toEqual(['br', 'gzip']);
    expect(acceptedCodings('*;q=0, x-gzip', both)).toEqual(['gzip']);
    expect(acceptedCodings('identity', both)).toEqual([]);
    expect(acceptedCodings(undefined, both)).toEqual([]);
    expect(acceptedCodings('BR;Q=0.9, GZIP;q=junk', both)).toEqual(['br']);
  });
});

describe('cache policy', () => {
  it('hashed build assets are immutable; index.html and unhashed names are revalidated', () => {
    expect(cacheControlFor('assets/index-BFwVhDZz.js')).toBe(IMMUTABLE);
    expect(cacheControlFor('assets/codicon-DF1abBS2.ttf')).toBe(IMMUTABLE);
    expect(cacheControlFor('assets/json.worker-BRjRV-JK.js')).toBe(IMMUTABLE);
    expect(cacheControlFor('index.html')).toBe(REVALIDATE);
    expect(cacheControlFor('assets/logo.svg')).toBe(REVALIDATE);
    expect(cacheControlFor('favicon-BFwVhDZz.ico')).toBe(REVALIDATE);
  });
});

describe('serveStatic', () => {
  it('sends the precompressed representation the client accepts, with its own ETag', async () => {
    const br = (await serveStatic(root, '/assets/index-BFwVhDZz.js', { acceptEncoding: 'gzip, deflate, br' }))!;
    expect(br.status).toBe(200);
    expect(br.headers).toMatchObject({ 'Content-Encoding': 'br', 'Cache-Control': IMMUTABLE, Vary: 'Accept-Encoding', 'Content-Type': 'text/javascript; charset=utf-8' });
    expect(brotliDecompressSync(br.body!).toString()).toBe(bundle);
    expect(Number(br.headers['Content-Length'])).toBe(br.body!.length);
    const gz = (await serveStatic(root, '/assets/index-BFwVhDZz.js', { acceptEncoding: 'gzip' }))!;
    expect(gz.headers['Content-Encoding']).toBe('gzip');
    expect(gunzipSync(gz.body!).toString()).toBe(bundle);
    const plain = (await serveStatic(root, '/assets/index-BFwVhDZz.js', {}))!;
    expect(plain.headers['Content-Encoding']).toBeUndefined();
    expect(plain.body!.toString()).toBe(bundle);
    expect(new Set([br.headers.ETag, gz.headers.ETag, plain.headers.ETag]).size).toBe(3);
  });

  it('never sends a compressed copy older than its source (left from another build)', async () => {
    const res = (await serveStatic(root, '/assets/stale-CQfiJG4X.js', { acceptEncoding: 'gzip' }))!;
    expect(res.headers['Content-Encoding']).toBeUndefined();
    expect(res.body!.toString()).toBe('new');
  });

  it('answers 304 without a body while the ETag matches, 200 once it does not', async () => {
    const page = (await serveStatic(root, '/', { acceptEncoding: 'br' }))!;
    expect(page.headers['Cache-Control']).toBe(REVALIDATE);
    const etag = page.headers.ETag;
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    const again = (await serveStatic(root, '/index.html', { ifNoneMatch: `W/${etag}`, acceptEncoding: 'br' }))!;
    expect(again).toMatchObject({ status: 304, body: null, headers: { ETag: etag, 'Cache-Control': REVALIDATE } });
    expect((await serveStatic(root, '/', { ifNoneMatch: '"other", ' + etag }))!.status).toBe(304);
    expect((await serveStatic(root, '/', { ifNoneMatch: '"other"' }))!.status).toBe(200);
  });

  it('HEAD gets the headers only; a path outside the build is not found', async () => {
    const head = (await serveStatic(root, '/assets/index-BFwVhDZz.js', { head: true, acceptEncoding: 'gzip' }))!;
    expect(head.body).toBeNull();
    expect(Number(head.headers['Content-Length'])).toBeGreaterThan(0);
    expect(await serveStatic(root, '/../etc/passwd', {})).toBeNull();
    expect(await serveStatic(root, '/assets/missing-AAAAAAAA.js', {})).toBeNull();
  });
});
