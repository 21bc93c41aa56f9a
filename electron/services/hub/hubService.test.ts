import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHub, type FakeHub } from '../../../e2e/fixtures/fake-hub/server.mjs';
import type { EventPayload } from '../../../shared/api/contract';
import { BringupError } from '../../../shared/errors';
import { tempDir } from '../cache/testCache';
import { EventBus } from '../events';
import { createSettingsStore } from '../settings/settingsService';
import { createHubService } from './hubService';
import { memorySecretStore } from './token';

let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub();
});
afterAll(() => hub.close());

const SHARDED = 'bringup-test/tiny-llama3-sharded';

async function service(settings: { offline?: boolean } = {}) {
  const cache = await tempDir();
  const store = createSettingsStore(await tempDir());
  await store.update({ hubUrl: hub.url, ...settings });
  const events = new EventBus();
  const done: Array<EventPayload<'onDownloadDone'>> = [];
  events.subscribe((event, payload) => event === 'onDownloadDone' && done.push(payload as EventPayload<'onDownloadDone'>));
  return { api: createHubService({ HF_HUB_CACHE: cache }, store, memorySecretStore(), events), done, cache };
}

async function rejection(p: Promise<unknown>): Promise<BringupError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(BringupError);
  return err as BringupError;
}

describe('the Hub service for the model page', () => {
  it('gives the architecture, the parameter count and the card metadata the Hub API returns', async () => {
    const { api } = await service();
    const info = await api.modelInfo(SHARDED);
    // The fake Hub sums the synthesized headers as the Hub does (4,129,264 F32 parameters).
    expect(info.details).toEqual({
      architectures: ['LlamaForCausalLM'],
      modelType: 'llama',
      parameters: { total: 4_129_264, byDtype: { F32: 4_129_264 } },
      license: 'apache-2.0',
      baseModels: ['bringup-test/tiny-llama3'],
    });
    // A repo with only a config: no counts, no card; the page says so rather than guessing.
    const phi = await api.modelInfo('microsoft/phi-1');
    expect(phi.details).toMatchObject({ architectures: ['PhiForCausalLM'], parameters: null, license: null, baseModels: [] });
  });

  it('reads the model card without its YAML block, and says when there is none', async () => {
    const { api } = await service();
    const readme = await api.readme(SHARDED);
    expect(readme.text).toMatch(/^\n# tiny-llama3-sharded\n/);
    expect(readme.text).not.toContain('license: apache-2.0');
    expect((await api.readme('microsoft/phi-1')).text).toBeNull();
  });
});

describe('reading the weight headers of a repo cached without its weights', () => {
  it('reads them on the Hub by range requests, writing nothing to the cache', async () => {
    const { api, cache, done } = await service();
    const { id } = await api.download({ repo: SHARDED, include: 'config' });
    await expect.poll(() => done.find((d) => d.id === id)?.ok).toBe(true);
    const before = hub.requests.length;
    const report = await api.readWeightHeaders(SHARDED, hub.commit(SHARDED)!);
    expect(report.files.map((f) => f.name)).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
    expect(report.parameterCount).toBe(4_129_264);
    const reads = hub.requests.slice(before).filter((r) => /\.safetensors$/.test(r.path.split('?')[0]));
    expect(reads.length).toBe(2);
    expect(reads.every((r) => r.range?.startsWith('bytes=0-'))).toBe(true);
    const snapshot = (await readdir(`${cache}/models--bringup-test--tiny-llama3-sharded/snapshots`))[0];
    expect((await readdir(`${cache}/models--bringup-test--tiny-llama3-sharded/snapshots/${snapshot}`)).filter((f) => f.endsWith('.safetensors'))).toEqual([]);
  });

  it('offline, points the app user at the Offline switch, not at an environment variable', async () => {
    const { api } = await service({ offline: true });
    const before = hub.requests.length;
    const err = await rejection(api.readWeightHeaders(SHARDED));
    expect(err.message).toContain('the Offline switch in Hub settings is on');
    expect(err.message).not.toContain('HF_HUB_OFFLINE');
    expect(hub.requests.length).toBe(before);
  });
});

describe('download outcomes', () => {
  it('formats resumed bytes and marks a cancelled download as cancelled, not failed', async () => {
    const { api, done } = await service();
    const route = `/bringup-test/tiny-llama3/resolve/${hub.commit('bringup-test/tiny-llama3')}/model.safetensors`;
    hub.setBehaviour(route, { kind: 'stall', afterBytes: 3 << 20, times: 1 });
    const { id } = await api.download({ repo: 'bringup-test/tiny-llama3', include: ['model.safetensors'] });
    await new Promise((r) => setTimeout(r, 400));
    await api.cancelDownload(id);
    await expect.poll(() => done.find((d) => d.id === id)).toMatchObject({ ok: false, cancelled: true });
    const second = await api.download({ repo: 'bringup-test/tiny-llama3', include: ['model.safetensors'] });
    await expect.poll(() => done.find((d) => d.id === second.id), { timeout: 20_000 }).toBeTruthy();
    const message = done.find((d) => d.id === second.id)!.message;
    expect(message).toMatch(/resumed after \d+(\.\d+)? (KiB|MiB) already on disk/);
    expect(message).not.toMatch(/\d{6,} bytes/);
  });
});
