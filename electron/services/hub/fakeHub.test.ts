// The fake Hub must behave like the real one where our code and @huggingface/hub depend on it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange, startFakeHub, type FakeHub } from '../../../e2e/fixtures/fake-hub/server.mjs';

let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub({ treePageSize: 2 });
});
afterAll(() => hub.close());

const REPO = 'bringup-test/tiny-llama3';

describe('fake Hub', () => {
  it('answers Range with 206 and Content-Range, and 416 past the end', async () => {
    const f = hub.file(REPO, 'model.safetensors')!;
    const res = await fetch(`${hub.url}/${REPO}/resolve/main/model.safetensors`, { headers: { Range: 'bytes=0-7' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-7/${f.size}`);
    expect(res.headers.get('x-linked-etag')).toBe(`"${f.sha256}"`);
    expect(res.headers.get('x-repo-commit')).toBe(hub.commit(REPO));
    const headerLength = Number(new DataView(await res.arrayBuffer()).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    expect((await fetch(`${hub.url}/${REPO}/resolve/main/model.safetensors`, { headers: { Range: `bytes=${f.size}-` } })).status).toBe(416);
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
  });

  it('serves the LFS pointer on raw/, and EntryNotFound for a missing file', async () => {
    const f = hub.file(REPO, 'model.safetensors')!;
    const raw = await (await fetch(`${hub.url}/${REPO}/raw/main/model.safetensors`)).text();
    expect(raw).toBe(`version https://git-lfs.github.com/spec/v1\noid sha256:${f.sha256}\nsize ${f.size}\n`);
    const missing = await fetch(`${hub.url}/${REPO}/resolve/main/nope.json`, { method: 'HEAD' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-error-code')).toBe('EntryNotFound');
  });

  it('pages the tree with absolute Link headers', async () => {
    const first = await fetch(`${hub.url}/api/models/${REPO}/tree/main?recursive=true`);
    expect(((await first.json()) as unknown[]).length).toBe(2);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link')!)![1];
    expect(next.startsWith(hub.url)).toBe(true);
    expect(((await (await fetch(next)).json()) as { path: string }[]).map((e: { path: string }) => e.path)).toEqual(['tokenizer_config.json']);
  });

  it('runs standalone: node server.mjs --port 0 prints its URL', async () => {
    const child = spawn(process.execPath, [join(__dirname, '../../../e2e/fixtures/fake-hub/server.mjs'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => resolve(d.toString()));
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const url = /listening on (http:\/\/\S+)/.exec(line)![1];
      const models = (await (await fetch(`${url}/api/models?search=tiny-llama3`)).json()) as { id: string }[];
      expect(models.map((m: { id: string }) => m.id).sort()).toEqual(['bringup-test/tiny-llama3', 'bringup-test/tiny-llama3-gated', 'bringup-test/tiny-llama3-sharded']);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
