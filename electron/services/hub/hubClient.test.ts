import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_HUB_TOKEN, FAKE_HUB_UNGRANTED_TOKEN, startFakeHub, type FakeHub } from '../../../e2e/fixtures/fake-hub/server.mjs';
import { BringupError } from '../../../shared/errors';
import { createHubClient, type HubModelSummary } from './hubClient';

let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub();
});
afterAll(() => hub.close());

const client = (token?: string, extra: Parameters<typeof createHubClient>[0] = {}) =>
  createHubClient({ hubUrl: hub.url, env: {}, token: async () => token ?? null, ...extra });

async function rejection(p: Promise<unknown>): Promise<BringupError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(BringupError);
  return err as BringupError;
}

describe('HubClient.search', () => {
  it('pages through every public model, sorted by downloads, with no repeats', async () => {
    const seen: HubModelSummary[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client().search({ sort: 'downloads', limit: 4, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    const publicIds = hub.repoIds().filter((id) => id !== 'bringup-test/private-llama');
    expect(seen.map((m) => m.id).sort()).toEqual(publicIds);
    expect(pages).toBe(Math.ceil(publicIds.length / 4));
    const downloads = seen.map((m) => m.downloads);
    expect(downloads).toEqual([...downloads].sort((a, b) => b - a));
    expect(seen[0]).toMatchObject({ id: 'openai/gpt-oss-20b', pipelineTag: 'text-generation', library: 'transformers', gated: false });
  });

  it('filters by text, author, task and library, and sorts by likes or recency', async () => {
    const byText = await client().search({ query: 'qwen', limit: 50 });
    expect(byText.items.map((m) => m.id).sort()).toEqual(['Qwen/Qwen2.5-3B', 'Qwen/Qwen3-8B']);
    const byLib = await client().search({ library: 'vllm', limit: 50 });
    expect(byLib.items.map((m) => m.id)).toEqual(['mistralai/Mistral-7B-Instruct-v0.3']);
    const byAuthor = await client().search({ author: 'google', task: 'text-generation', limit: 50 });
    expect(byAuthor.items.map((m) => m.id)).toEqual(['google/gemma-2b-it']);
    expect(byAuthor.items[0].gated).toBe('manual');
    const byLikes = await client().search({ sort: 'likes', limit: 1 });
    expect(byLikes.items[0].id).toBe('deepseek-ai/DeepSeek-V3');
    const recent = await client().search({ sort: 'lastModified', limit: 1 });
    expect(recent.items[0].id).toBe('bringup-test/tiny-llama3');
  });

  it('refuses a cursor that points at another host', async () => {
    const foreign = Buffer.from('https://evil.example/api/models?cursor=x').toString('base64url');
    const err = await rejection(client().search({ cursor: foreign }));
    expect(err.code).toBe('bad-input');
  });
});

describe('HubClient.modelInfo and files', () => {
  it('gives the commit, the basics and the file tree with LFS sha256', async () => {
    const info = await client().modelInfo('bringup-test/tiny-llama3');
    expect(info.sha).toBe(hub.commit('bringup-test/tiny-llama3'));
    expect(info).toMatchObject({ id: 'bringup-test/tiny-llama3', private: false, gated: false, downloads: 120, likes: 3, library: 'transformers', pipelineTag: 'text-generation' });
    const weights = hub.file('bringup-test/tiny-llama3', 'model.safetensors')!;
    expect(info.files).toContainEqual({ path: 'model.safetensors', size: weights.size, oid: weights.oid, lfs: { sha256: weights.sha256, size: weights.size } });
    expect(info.files.find((f) => f.path === 'config.json')?.lfs).toBeUndefined();
    expect(info.warnings).toEqual([]);
  });

  it('resolves refs/pr/1 to its own commit', async () => {
    const info = await client().modelInfo('bringup-test/tiny-llama3', 'refs/pr/1');
    expect(info.sha).toBe(hub.commit('bringup-test/tiny-llama3', 'refs/pr/1'));
    expect(info.sha).not.toBe(hub.commit('bringup-test/tiny-llama3'));
  });

  it('leaves out paths that would escape a folder, and says so', async () => {
    const info = await client().modelInfo('bringup-test/evil-paths');
    expect(info.files.map((f) => f.path)).toEqual(['config.json']);
    expect(info.warnings).toHaveLength(3);
    expect(info.warnings[0]).toContain('"../evil.txt"');
  });

  it('reads config.json as the Hub serves it, and null for a missing file', async () => {
    const text = await client().readText('bringup-test/tiny-llama3', 'main', 'config.json');
    const real = await readFile(join(__dirname, '../../../fixtures/corpus/_maxtest__synthetic__tiny-llama3/config.json'), 'utf8');
    expect(text).toBe(real);
    expect(await client().readText('bringup-test/tiny-llama3', 'main', 'generation_config.json')).toBeNull();
  });
});

describe('HubClient errors', () => {
  const gatedText = () => `bringup-test/tiny-llama3-gated is gated: accept its terms at ${hub.url}/bringup-test/tiny-llama3-gated and set a token (HF_TOKEN or Settings)`;

  it('explains gated repos without a token and with a token that was not granted', async () => {
    const none = await rejection(client().readText('bringup-test/tiny-llama3-gated', 'main', 'config.json'));
    expect(none).toMatchObject({ code: 'auth', message: gatedText() });
    const ungranted = await rejection(client(FAKE_HUB_UNGRANTED_TOKEN).readText('bringup-test/tiny-llama3-gated', 'main', 'config.json'));
    expect(ungranted).toMatchObject({ code: 'auth', message: gatedText() });
    expect(ungranted.message).not.toContain(FAKE_HUB_UNGRANTED_TOKEN);
    const text = await client(FAKE_HUB_TOKEN).readText('bringup-test/tiny-llama3-gated', 'main', 'config.json');
    expect(JSON.parse(text!).model_type).toBe('llama');
  });

  it('sends the token as a bearer header', async () => {
    const before = hub.requests.length;
    await client(FAKE_HUB_TOKEN).modelInfo('bringup-test/private-llama');
    expect(hub.requests.slice(before).every((r) => r.auth === `Bearer ${FAKE_HUB_TOKEN}`)).toBe(true);
  });

  it('says a private or missing repo is not found, with what to do', async () => {
    const err = await rejection(client().modelInfo('bringup-test/private-llama'));
    expect(err.code).toBe('not-found');
    expect(err.message).toBe(`bringup-test/private-llama: not found on ${hub.url}, or private: check the name, and set a token (HF_TOKEN or Settings) if it is yours`);
    const rev = await rejection(client().modelInfo('bringup-test/tiny-llama3', 'no-such-branch'));
    expect(rev.message).toContain('no such revision');
  });

  it('makes no request at all when offline', async () => {
    const before = hub.requests.length;
    const offline = createHubClient({ hubUrl: hub.url, env: { HF_HUB_OFFLINE: '1' } });
    expect(offline.offline).toBe(true);
    const err = await rejection(offline.search({ query: 'llama' }));
    expect(err.code).toBe('network');
    expect(err.message).toContain('offline');
    await rejection(offline.readText('bringup-test/tiny-llama3', 'main', 'config.json'));
    await rejection(offline.modelInfo('bringup-test/tiny-llama3'));
    expect(hub.requests.length).toBe(before);
  });

  it('names a Hub that cannot be reached, with the offline hint', async () => {
    const down = await startFakeHub({ loadFixtures: false });
    const url = down.url;
    await down.close();
    const err = await rejection(createHubClient({ hubUrl: url, env: {} }).search({}));
    expect(err.code).toBe('network');
    expect(err.message).toMatch(new RegExp(`^cannot reach ${url} \\(ECONNREFUSED\\): you may be offline`));
    // The app's users get pointed at its Offline switch; the command line's at HF_HUB_OFFLINE / --offline.
    const app = await rejection(createHubClient({ hubUrl: url, env: {}, audience: 'app' }).search({}));
    expect(app.message).toContain('turn on Offline in Hub settings');
    expect(app.message).not.toContain('HF_HUB_OFFLINE');
    expect(err.message).toContain('set HF_HUB_OFFLINE=1 or use --offline');
  });

  it('gives up on a Hub that never answers', async () => {
    hub.setBehaviour('/api/models', { kind: 'hang', times: 1 });
    const started = Date.now();
    const err = await rejection(client(undefined, { timeoutMs: 300 }).search({}));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err.message).toBe(`${hub.url} did not answer in time: the network or the Hub is slow or down; the HF cache still works offline (set HF_HUB_OFFLINE=1 or use --offline to stop trying the Hub)`);
  });

  it('reports a server error with its status', async () => {
    hub.setBehaviour('/api/models', { kind: 'status', status: 503, message: 'Service Unavailable', times: 1 });
    const err = await rejection(client().search({}));
    expect(err).toMatchObject({ code: 'network', message: `${hub.url}: the Hub answered 503 (Service Unavailable)` });
  });

  it('takes the Hub URL from HF_ENDPOINT when there is no setting', async () => {
    const c = createHubClient({ env: { HF_ENDPOINT: `${hub.url}/` } });
    expect(c.hubUrl).toBe(hub.url);
    expect((await c.search({ query: 'phi-1' })).items.map((m) => m.id)).toEqual(['microsoft/phi-1']);
    expect(createHubClient({ env: {} }).hubUrl).toBe('https://huggingface.co');
  });
});
