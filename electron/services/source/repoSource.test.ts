import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHub, type FakeHub } from '../../../e2e/fixtures/fake-hub/server.mjs';
import { BringupError } from '../../../shared/errors';
import { addSnapshotFiles, tempDir, writeRef } from '../cache/testCache';
import { startDownload } from '../hub/download';
import { resolveRepoSource } from './repoSource';
import { resolveSource } from './resolveSource';

let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub();
});
afterAll(() => hub.close());

const C1 = '1'.repeat(40);

async function failure(p: Promise<unknown>): Promise<BringupError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(BringupError);
  return err as BringupError;
}

describe('resolveSource with org/name[@rev]', () => {
  it('finds the repo in the HF cache first, without a request', async () => {
    const cache = await tempDir();
    await addSnapshotFiles(cache, 'org/cached', C1, [{ path: 'config.json', blob: 'b', content: '{"model_type":"llama"}' }]);
    await writeRef(cache, 'org/cached', 'main', C1);
    const before = hub.requests.length;
    const reader = await resolveSource('org/cached', { cacheDir: cache, hubUrl: hub.url, env: {} });
    expect(reader.source).toMatchObject({ kind: 'cache', repoId: 'org/cached', revision: 'main', commit: C1 });
    expect(await reader.readText('config.json')).toBe('{"model_type":"llama"}');
    expect((await resolveSource('org/cached@1111111', { cacheDir: cache, env: {}, offline: true })).source.commit).toBe(C1);
    expect(hub.requests.length).toBe(before);
  });

  it('falls back to the Hub: tree for the file list, resolve for the text, no weights downloaded', async () => {
    const cache = await tempDir();
    const before = hub.requests.length;
    const reader = await resolveSource('bringup-test/tiny-llama3@refs/pr/1', { cacheDir: cache, hubUrl: hub.url, env: {} });
    expect(reader.source).toMatchObject({ kind: 'hub', repoId: 'bringup-test/tiny-llama3', revision: 'refs/pr/1', commit: hub.commit('bringup-test/tiny-llama3', 'refs/pr/1'), hubUrl: hub.url });
    expect((await reader.listFiles()).map((f) => f.path)).toEqual(['config.json', 'model.safetensors', 'tokenizer_config.json']);
    expect(JSON.parse((await reader.readText('config.json'))!).hidden_size).toBe(16);
    expect(await reader.readText('model.safetensors.index.json')).toBeNull();
    expect(reader.remote?.fileUrl('model.safetensors')).toBe(`${hub.url}/bringup-test/tiny-llama3/resolve/${reader.source.commit}/model.safetensors`);
    expect(hub.requests.slice(before).some((r) => r.path.endsWith('/model.safetensors'))).toBe(false);
  });

  it('opens a downloaded repo offline from the cache', async () => {
    const cache = await tempDir();
    await startDownload({ repo: 'bringup-test/tiny-llama3', include: 'config', hubUrl: hub.url, cacheDir: cache, env: {} }).done;
    const reader = await resolveSource('bringup-test/tiny-llama3', { cacheDir: cache, env: { HF_HUB_OFFLINE: '1' } });
    expect(reader.source.kind).toBe('cache');
    expect((await reader.listFiles()).map((f) => f.path)).toEqual(['config.json', 'tokenizer_config.json']);
  });

  it('says "not in the cache and offline" as bad input', async () => {
    const cache = await tempDir();
    const err = await failure(resolveSource('org/absent', { cacheDir: cache, env: { HF_HUB_OFFLINE: '1' } }));
    expect(err).toMatchObject({ code: 'bad-input', message: `org/absent: not in the HF cache (${cache}) and offline, so the Hub is not tried` });
  });

  it('turns a repo the Hub does not have, or a gated one, into bad input', async () => {
    const cache = await tempDir();
    const missing = await failure(resolveSource('org/absent', { cacheDir: cache, hubUrl: hub.url, env: {} }));
    expect(missing.code).toBe('bad-input');
    expect(missing.message).toContain('org/absent: not found on');
    const gated = await resolveSource('bringup-test/tiny-llama3-gated', { cacheDir: cache, hubUrl: hub.url, env: {}, token: null });
    const err = await failure(gated.readText('config.json'));
    expect(err).toMatchObject({ code: 'bad-input' });
    expect(err.message).toContain('is gated: accept its terms at');
    // As a path, `org/..` is a folder; as a repo id it is refused before any lookup.
    expect((await failure(resolveRepoSource('org/..', { cacheDir: cache, env: {} }))).code).toBe('bad-input');
  });
});
