import { scanCacheDir } from '@huggingface/hub';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_HUB_TOKEN, startFakeHub, type FakeHub } from '../../../e2e/fixtures/fake-hub/server.mjs';
import { BringupError } from '../../../shared/errors';
import { scanHfCache } from '../cache/scanHfCache';
import { tempDir } from '../cache/testCache';
import { startDownload, type DownloadProgress, type DownloadRequest } from './download';
import { globToRegExp, makeIncludeFilter } from './downloadPatterns';

const REPO = 'bringup-test/tiny-llama3';
const WEIGHTS_ROUTE = `/${REPO}/resolve/`;
let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub();
});
afterAll(() => hub.close());
afterEach(() => hub.clearBehaviours());

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const request = (cacheDir: string, extra: Partial<DownloadRequest> = {}): DownloadRequest => ({ repo: REPO, hubUrl: hub.url, env: {}, cacheDir, ...extra });

async function failure(p: Promise<unknown>): Promise<BringupError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(BringupError);
  return err as BringupError;
}

/** Every file under a folder, relative, so a test can show nothing landed outside the cache. */
async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) out.push(join(e.parentPath, e.name).slice(dir.length + 1));
  return out.sort();
}

describe('startDownload', () => {
  it('writes the HF cache layout with verified blobs, relative symlinks and refs/main, with progress', async () => {
    const cache = await tempDir();
    const handle = startDownload(request(cache));
    const events: DownloadProgress[] = [];
    handle.events.on('progress', (p: DownloadProgress) => events.push(p));
    const result = await handle.done;
    const commit = hub.commit(REPO)!;
    expect(result.commit).toBe(commit);
    expect(result.snapshotDir).toBe(join(cache, 'models--bringup-test--tiny-llama3', 'snapshots', commit));
    expect(result.files.map((f) => f.path)).toEqual(['config.json', 'model.safetensors', 'tokenizer_config.json']);

    const weights = hub.file(REPO, 'model.safetensors')!;
    const linked = join(result.snapshotDir, 'model.safetensors');
    expect(await readlink(linked)).toBe(`../../blobs/${weights.sha256}`);
    expect(sha256(await readFile(linked))).toBe(weights.sha256);
    expect(await readlink(join(result.snapshotDir, 'config.json'))).toBe(`../../blobs/${hub.file(REPO, 'config.json')!.oid}`);
    expect((await readFile(join(cache, 'models--bringup-test--tiny-llama3', 'refs', 'main'), 'utf8'))).toBe(commit);

    // huggingface.js and our scanner both see one complete revision named by main.
    const theirs = await scanCacheDir(cache);
    expect(theirs.repos[0].revisions[0]).toMatchObject({ commitOid: commit, refs: ['main'] });
    const ours = await scanHfCache(cache);
    expect(ours.repos[0].revisions[0]).toMatchObject({ commit, refs: ['main'], files: 3, hasConfig: true, weights: 'safetensors' });

    const total = weights.size + hub.file(REPO, 'config.json')!.size + hub.file(REPO, 'tokenizer_config.json')!.size;
    const last = events[events.length - 1];
    expect(last.overall).toMatchObject({ bytes: total, total, etaSeconds: 0 });
    expect(last.files.every((f) => f.state === 'done' && f.bytes === f.total)).toBe(true);
    const overallBytes = events.map((e) => e.overall.bytes);
    expect(overallBytes).toEqual([...overallBytes].sort((a, b) => a - b)); // never goes backwards
    expect(result.bytesDownloaded).toBe(total);

    // A second run finds every blob in place and transfers nothing.
    const again = await startDownload(request(cache)).done;
    expect(again.files.every((f) => f.cached)).toBe(true);
    expect(again.bytesDownloaded).toBe(0);
  });

  it('downloads only config and tokenizer files with the "config" preset, and patterns', async () => {
    const cache = await tempDir();
    const config = await startDownload(request(cache, { include: 'config' })).done;
    expect(config.files.map((f) => f.path)).toEqual(['config.json', 'tokenizer_config.json']);
    const shards = await startDownload(request(cache, { repo: 'bringup-test/tiny-llama3-sharded', include: ['*.index.json', 'model-00002-*'] })).done;
    expect(shards.files.map((f) => f.path)).toEqual(['model-00002-of-00002.safetensors', 'model.safetensors.index.json']);
  });

  it('resumes an interrupted download with a Range request and ends with a byte-identical, verified file', async () => {
    const cache = await tempDir();
    const weights = hub.file(REPO, 'model.safetensors')!;
    const route = `${WEIGHTS_ROUTE}${hub.commit(REPO)}/model.safetensors`;
    hub.setBehaviour(route, { kind: 'drop', afterBytes: 5_000_000, times: 1 });
    const first = await failure(startDownload(request(cache, { include: ['model.safetensors'], retries: 0 })).done);
    expect(first.code).toBe('network');
    expect(first.message).toMatch(/^bringup-test\/tiny-llama3\/model.safetensors: the (connection broke|transfer ended) after \d+ of 16518304 bytes; they are kept, download again to resume$/);
    const partial = join(cache, 'models--bringup-test--tiny-llama3', 'blobs', `${weights.sha256}.incomplete`);
    const kept = (await stat(partial)).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(weights.size);
    // The scanner reports it as an incomplete download, not as a file of the snapshot.
    expect((await scanHfCache(cache)).repos[0]).toMatchObject({ incompleteDownloads: 1, incompleteBytes: kept });

    const before = hub.requests.length;
    const second = await startDownload(request(cache, { include: ['model.safetensors'] })).done;
    expect(second.files[0]).toMatchObject({ path: 'model.safetensors', resumedFrom: kept, cached: false });
    expect(second.bytesDownloaded).toBe(weights.size - kept);
    expect(hub.requests.slice(before).some((r) => r.range === `bytes=${kept}-`)).toBe(true);
    const bytes = await readFile(join(second.snapshotDir, 'model.safetensors'));
    expect(Buffer.compare(bytes, Buffer.from(weights.bytes))).toBe(0);
    await expect(stat(partial)).rejects.toThrow();
  });

  it('resumes on its own after a dropped connection', async () => {
    const cache = await tempDir();
    hub.setBehaviour(`${WEIGHTS_ROUTE}${hub.commit(REPO)}/model.safetensors`, { kind: 'drop', afterBytes: 3_000_000, times: 1 });
    const result = await startDownload(request(cache, { include: ['model.safetensors'] })).done;
    expect(sha256(await readFile(join(result.snapshotDir, 'model.safetensors')))).toBe(hub.file(REPO, 'model.safetensors')!.sha256);
  });

  it('rejects a body with the right length and the wrong bytes, and deletes it', async () => {
    const cache = await tempDir();
    const weights = hub.file(REPO, 'model.safetensors')!;
    hub.setBehaviour(`${WEIGHTS_ROUTE}${hub.commit(REPO)}/model.safetensors`, { kind: 'garbage' });
    const err = await failure(startDownload(request(cache, { include: ['model.safetensors'] })).done);
    expect(err.message).toMatch(new RegExp(`^bringup-test/tiny-llama3/model.safetensors: the Hub sent content whose sha256 is [0-9a-f]{64}, not the ${weights.sha256} it lists; the partial file was deleted$`));
    const blobs = await readdir(join(cache, 'models--bringup-test--tiny-llama3', 'blobs'));
    expect(blobs).toEqual([]);
    const report = await scanHfCache(cache);
    expect(report.repos[0].revisions.every((r) => r.weights === null)).toBe(true);
  });

  it('rejects an HTML page served in place of the file', async () => {
    const cache = await tempDir();
    hub.setBehaviour(`${WEIGHTS_ROUTE}${hub.commit(REPO)}/config.json`, { kind: 'html' });
    const err = await failure(startDownload(request(cache, { include: ['config.json'] })).done);
    expect(err.message).toContain('bytes of text/html where 938 bytes of the file were expected');
    expect(await readdir(join(cache, 'models--bringup-test--tiny-llama3', 'blobs'))).toEqual([]);
  });

  it('gives up on a stalled transfer with a clear message and keeps what arrived', async () => {
    const cache = await tempDir();
    hub.setBehaviour(`${WEIGHTS_ROUTE}${hub.commit(REPO)}/model.safetensors`, { kind: 'stall', afterBytes: 1_000_000 });
    const started = Date.now();
    const err = await failure(startDownload(request(cache, { include: ['model.safetensors'], stallTimeoutMs: 400, retries: 0 })).done);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err.message).toMatch(/^bringup-test\/tiny-llama3\/model.safetensors: the transfer stalled \(no data for 0 s\); \d+ of 16518304 bytes are kept, download again to resume$/);
  });

  it('cancels: done rejects with "cancelled" and the partial file stays for a resume', async () => {
    const cache = await tempDir();
    hub.setBehaviour(`${WEIGHTS_ROUTE}${hub.commit(REPO)}/model.safetensors`, { kind: 'stall', afterBytes: 2_000_000 });
    const handle = startDownload(request(cache, { include: ['model.safetensors'] }));
    handle.events.on('progress', (p: DownloadProgress) => {
      if (p.overall.bytes >= 2_000_000) handle.cancel();
    });
    const err = await failure(handle.done);
    expect(err.code).toBe('cancelled');
    const blobs = await readdir(join(cache, 'models--bringup-test--tiny-llama3', 'blobs'));
    expect(blobs).toEqual([`${hub.file(REPO, 'model.safetensors')!.sha256}.incomplete`]);
  });

  it('never writes a path from the Hub that leaves the cache', async () => {
    const root = await tempDir('bringup-outside-');
    const cache = join(root, 'hub');
    await mkdir(cache);
    const result = await startDownload(request(cache, { repo: 'bringup-test/evil-paths' })).done;
    expect(result.files.map((f) => f.path)).toEqual(['config.json']);
    expect(result.warnings).toHaveLength(3);
    expect((await listTree(root)).filter((p) => !p.startsWith('hub'))).toEqual([]);
    expect((await listTree(cache)).some((p) => p.includes('evil.txt') || p.includes('evil-absolute'))).toBe(false);
  });

  it('needs a token for a gated repo and says so; with one it downloads', async () => {
    const cache = await tempDir();
    const err = await failure(startDownload(request(cache, { repo: 'bringup-test/tiny-llama3-gated', include: 'config' })).done);
    expect(err).toMatchObject({ code: 'auth', message: `bringup-test/tiny-llama3-gated is gated: accept its terms at ${hub.url}/bringup-test/tiny-llama3-gated and set a token (HF_TOKEN or Settings)` });
    const ok = await startDownload(request(cache, { repo: 'bringup-test/tiny-llama3-gated', include: 'config', token: FAKE_HUB_TOKEN })).done;
    expect(ok.files.map((f) => f.path)).toEqual(['config.json']);
  });

  it('writes refs/pr/1 where huggingface_hub does (refs/refs/pr/1)', async () => {
    const cache = await tempDir();
    const result = await startDownload(request(cache, { revision: 'refs/pr/1', include: 'config' })).done;
    const refFile = join(cache, 'models--bringup-test--tiny-llama3', 'refs', 'refs', 'pr', '1');
    expect(await readFile(refFile, 'utf8')).toBe(hub.commit(REPO, 'refs/pr/1'));
    expect((await scanHfCache(cache)).repos[0].refs).toEqual({ 'refs/pr/1': result.commit });
  });

  it('is refused when offline, before any request', async () => {
    const before = hub.requests.length;
    const err = await failure(startDownload(request(await tempDir(), { env: { HF_HUB_OFFLINE: '1' } })).done);
    expect(err.code).toBe('network');
    expect(hub.requests.length).toBe(before);
  });

  it('keeps at most `parallel` transfers running', async () => {
    const cache = await tempDir();
    let running = 0;
    let peak = 0;
    const countingFetch: typeof fetch = async (input, init) => {
      const isFile = String(input).includes('/resolve/');
      if (isFile) peak = Math.max(peak, ++running);
      try {
        const res = await fetch(input, init);
        const body = await res.arrayBuffer();
        await new Promise((r) => setTimeout(r, 100)); // hold each transfer open long enough to overlap
        return new Response(body, { status: res.status, headers: res.headers });
      } finally {
        if (isFile) running--;
      }
    };
    await startDownload(request(cache, { repo: 'bringup-test/tiny-llama3-sharded', parallel: 2, fetch: countingFetch })).done;
    expect(peak).toBe(2);
  });
});

describe('include patterns', () => {
  it('match like fnmatch: * crosses folders, ? is one character, [..] a set', () => {
    expect(globToRegExp('*.json').test('original/config.json')).toBe(true);
    expect(globToRegExp('model-0000?-of-00002.safetensors').test('model-00001-of-00002.safetensors')).toBe(true);
    expect(globToRegExp('model-0000[!1]-*').test('model-00001-of-2')).toBe(false);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
    const config = makeIncludeFilter('config');
    expect(['config.json', 'tokenizer.model', 'merges.txt', 'model.safetensors', 'modeling_x.py'].filter(config)).toEqual(['config.json', 'tokenizer.model', 'merges.txt']);
    expect(makeIncludeFilter(['original/'])('original/params.json')).toBe(true);
  });
});

