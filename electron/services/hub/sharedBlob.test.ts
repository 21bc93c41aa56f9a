import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDownload } from './download';
import type { HubClient } from './hubClient';

const content = new Uint8Array(64 * 1024).map((_, i) => (i * 7) & 0xff);
const sha = createHash('sha256').update(content).digest('hex');

/** A Hub whose files all share one blob, sent slowly so transfers overlap. */
function sharedBlobHub(paths: string[]): { client: HubClient; fetch: typeof fetch } {
  const files = paths.map((path) => ({ path, size: content.length, oid: 'f'.repeat(40), lfs: { sha256: sha, size: content.length } }));
  const client = {
    hubUrl: 'http://hub.invalid',
    offline: false,
    modelInfo: async () => ({ sha: 'a'.repeat(40), files, warnings: [] }),
    fileUrl: (repo: string, commit: string, path: string) => `http://hub.invalid/${repo}/resolve/${commit}/${path}`,
    callParams: async () => ({ hubUrl: 'http://hub.invalid', fetch }),
  } as unknown as HubClient;
  const slowFetch: typeof fetch = async () => {
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        if (at >= content.length) return controller.close();
        controller.enqueue(content.slice(at, at + 4096));
        at += 4096;
      },
    });
    return new Response(body, { status: 200, headers: { 'Content-Length': String(content.length) } });
  };
  return { client, fetch: slowFetch };
}

describe('files that share a blob', () => {
  it('download once and link every path, even when listed twice in one repo', async () => {
    const { client, fetch } = sharedBlobHub(['a/tokenizer.model', 'b/tokenizer.model']);
    const cacheDir = await mkdtemp(join(tmpdir(), 'bringup-blob-'));
    const result = await startDownload({ repo: 'org/name', client, fetch, cacheDir, env: {} }).done;
    for (const file of result.files) expect(createHash('sha256').update(await readFile(join(result.snapshotDir, file.path))).digest('hex')).toBe(sha);
  });

  it('survive two downloads of the same repo at once', async () => {
    const { client, fetch } = sharedBlobHub(['model.safetensors']);
    const cacheDir = await mkdtemp(join(tmpdir(), 'bringup-blob-'));
    const first = startDownload({ repo: 'org/name', client, fetch, cacheDir, env: {} });
    const second = startDownload({ repo: 'org/name', client, fetch, cacheDir, env: {} });
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a.snapshotDir).toBe(b.snapshotDir);
    expect(createHash('sha256').update(await readFile(join(a.snapshotDir, 'model.safetensors'))).digest('hex')).toBe(sha);
  });
});
