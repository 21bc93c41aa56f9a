import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyTensors, writeSparseCheckpoint } from '../../../scripts/gen-sparse-checkpoint';
import { startFakeHub, FAKE_HUB_TOKEN, type FakeHub } from '../../../e2e/fixtures/fake-hub/server.mjs';
import type { SourceReader } from '../source/types';
import type { HeaderSource } from './headerSource';
import { inspectWeights } from './inspectWeights';

const CORPUS = join(__dirname, '../../../fixtures/corpus');

/** A hub SourceReader over plain HTTP: the tree API for the file list, resolve/ for small text files. */
function hubReader(hubUrl: string, repoId: string, doFetch: typeof fetch = fetch): SourceReader {
  return {
    source: { given: repoId, kind: 'hub', repoId, revision: 'main', hubUrl, label: `${repoId}@main` },
    async listFiles() {
      const res = await doFetch(`${hubUrl}/api/models/${repoId}/tree/main?recursive=true`);
      const entries = (await res.json()) as { type: string; path: string; size: number }[];
      return entries.filter((e) => e.type === 'file').map((e) => ({ path: e.path, size: e.size }));
    },
    async readText(path) {
      const res = await doFetch(`${hubUrl}/${repoId}/resolve/main/${path}`);
      return res.status === 404 ? null : res.text();
    },
  };
}

/** A fetch that answers Hub URLs from a folder of sparse files, counting requests and body bytes. */
function folderFetch(dir: string) {
  const log: { url: string; range: string | null; bytes: number }[] = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    const path = decodeURIComponent(url.replace(/^.*\/resolve\/[^/]+\//, ''));
    const full = join(dir, path);
    let size: number;
    try {
      size = statSync(full).size;
    } catch {
      log.push({ url, range: null, bytes: 0 });
      return new Response('not found', { status: 404 });
    }
    const range = headers.get('range');
    const m = range && /bytes=(\d+)-(\d+)/.exec(range);
    const start = m ? Number(m[1]) : 0;
    const end = m ? Math.min(Number(m[2]), size - 1) : size - 1;
    const fd = Buffer.alloc(Math.max(0, end + 1 - start));
    const handle = openSync(full, 'r');
    readSync(handle, fd, 0, fd.length, start); // only the requested range: the files are sparse
    closeSync(handle);
    log.push({ url, range, bytes: fd.length });
    return new Response(fd, { status: m ? 206 : 200, headers: m ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : { 'Content-Length': String(size) } });
  }) as typeof fetch;
  return { fetch: fn, log };
}

describe('remote safetensors headers: one range request per shard', () => {
  let hub: FakeHub;
  beforeAll(async () => {
    hub = await startFakeHub();
  });
  afterAll(async () => {
    await hub.close();
  });

  it('reads the fake Hub sharded tiny-llama3 with the index plus one request per shard', async () => {
    let headers: HeaderSource | undefined;
    const reader = hubReader(hub.url, 'bringup-test/tiny-llama3-sharded');
    const before = hub.requests.length;
    const r = await inspectWeights(reader, { onHeaderSource: (h) => (headers = h), token: FAKE_HUB_TOKEN });
    const shardRequests = hub.requests.slice(before).filter((q) => /\.safetensors$/.test(q.path.split('?')[0]));
    expect(r.files).toHaveLength(2);
    expect(shardRequests).toHaveLength(2);
    expect(shardRequests.every((q) => q.range?.startsWith('bytes=0-'))).toBe(true);
    expect(headers!.stats().requests).toBe(2);
    // The fake Hub synthesises LlamaForCausalLM tensors for its config: they must all check out.
    expect(r.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(r.mapping.unmappedCheckpoint).toEqual([]);
  });

  it('a single file without an index: one request when the header fits the first guess', async () => {
    let headers: HeaderSource | undefined;
    const r = await inspectWeights(hubReader(hub.url, 'bringup-test/tiny-llama3'), { onHeaderSource: (h) => (headers = h) });
    expect(r.files.map((f) => f.name)).toEqual(['model.safetensors']);
    expect(r.parameterCount).toBe(4_129_264); // the fake Hub README's figure for this repo
    expect(headers!.stats().requests).toBe(1);
  });
});

describe('remote reader sizing (injected fetch)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bringup-remote-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('DeepSeek-V3 config, 20 shards: 20 range requests, fetched bytes close to the header bytes', async () => {
    const config = JSON.parse(readFileSync(join(CORPUS, 'deepseek-ai__DeepSeek-V3/config.json'), 'utf8'));
    const tensors = familyTensors('deepseek_v3', config, { fp8: true }).filter((t) => !/experts\.([1-9]\d+)\./.test(t.name));
    await writeSparseCheckpoint(dir, { tensors, shards: 20, config });
    const { fetch: f, log } = folderFetch(dir);
    const files = (await import('node:fs')).readdirSync(dir).map((p) => ({ path: p, size: statSync(join(dir, p)).size }));
    const reader: SourceReader = {
      source: { given: 'x/y', kind: 'hub', repoId: 'x/y', revision: 'main', hubUrl: 'http://hub.invalid', label: 'x/y@main' },
      listFiles: async () => files,
      readText: async (p) => readFileSync(join(dir, p), 'utf8'),
    };
    const r = await inspectWeights(reader, { fetch: f });
    expect(log).toHaveLength(20);
    const headerBytes = r.files.reduce((s, x) => s + 8 + x.headerBytes, 0);
    const fetched = log.reduce((s, x) => s + x.bytes, 0);
    expect(fetched).toBeGreaterThanOrEqual(headerBytes);
    expect(fetched / headerBytes).toBeLessThan(1.5);
  });

  it('a header larger than the guess costs exactly one more request', async () => {
    const sub = join(dir, 'big');
    // 5,000 tensors in one file, no index: the 256 KiB first guess is too small.
    const tensors = Array.from({ length: 5000 }, (_, i) => ({ name: `model.layers.${i}.some.rather.long.tensor.name.weight`, dtype: 'F32', shape: [4] }));
    await writeSparseCheckpoint(sub, { tensors, shards: 1 });
    const { fetch: f, log } = folderFetch(sub);
    const reader: SourceReader = {
      source: { given: 'x/big', kind: 'hub', repoId: 'x/big', revision: 'main', hubUrl: 'http://hub.invalid', label: 'x/big@main' },
      listFiles: async () => [{ path: 'model.safetensors', size: statSync(join(sub, 'model.safetensors')).size }],
      readText: async () => null,
    };
    const r = await inspectWeights(reader, { fetch: f });
    expect(r.tensorCount).toBe(5000);
    expect(log).toHaveLength(2);
  });
});
