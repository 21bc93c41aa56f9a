import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { FakeHubBehaviour, FakeHubRequest } from '../fixtures/fake-hub/server.mjs';
import { editorText, expect, test } from '../support/fixtures';

// The checkpoint browser against the fake Hub that globalSetup started (BRINGUP_FAKE_HUB): search,
// model page, remote inspection, download with progress, interruption and resume, the HF cache
// list, offline. Nothing here reaches the internet.
const REPO = 'bringup-test/tiny-llama3';
const control = process.env.BRINGUP_FAKE_HUB_CONTROL!;
const cacheDir = process.env.BRINGUP_HF_CACHE!;
const repoDir = join(cacheDir, 'models--bringup-test--tiny-llama3');
const FAKE_HUB_TOKEN = process.env.BRINGUP_FAKE_HUB_TOKEN!;

async function hubControl(path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${control}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  return res.json();
}
const setBehaviour = (matcher: string, behaviour: FakeHubBehaviour | null) => hubControl('/behaviour', { matcher, behaviour });
const hubRequests = async () => (await hubControl('/requests')) as FakeHubRequest[];

async function setOffline(app: Page, offline: boolean): Promise<void> {
  const settingsOpen = (await app.getByTestId('hub-settings-toggle').getAttribute('aria-expanded')) === 'true';
  if (!settingsOpen) await app.getByTestId('hub-settings-toggle').click();
  const toggle = app.getByTestId('offline-toggle');
  await expect(toggle).toBeEnabled();
  if ((await toggle.isChecked()) !== offline) await toggle.click();
  await expect(toggle).toBeChecked({ checked: offline });
  await expect(app.getByTestId('offline-badge')).toHaveCount(offline ? 1 : 0);
  await app.getByTestId('hub-settings-toggle').click();
}

async function searchFor(app: Page, query: string): Promise<void> {
  await app.getByTestId('tab-hub').click();
  await app.getByTestId('hub-query').fill(query);
  await app.getByTestId('hub-query').press('Enter');
}

// Each run starts without the repo in the cache (so the spec can be repeated against one server).
test.beforeAll(() => rmSync(repoDir, { recursive: true, force: true }));

test.afterEach(async () => {
  await hubControl('/clear', {});
});

test('search, inspect remotely, download with progress, interrupt and resume, then open offline from the cache', async ({ app }) => {
  test.setTimeout(60_000);
  await setOffline(app, false);

  await test.step('search the Hub and open a model page', async () => {
    await searchFor(app, 'tiny-llama3');
    const results = app.getByTestId('hub-result');
    await expect(results.first()).toBeVisible();
    await expect(app.locator(`[data-testid=hub-result][data-repo="${REPO}"]`)).toContainText('text-generation');
    await app.locator(`[data-testid=hub-result][data-repo="${REPO}"]`).click();
    const page = app.getByTestId('model-page');
    await expect(page).toHaveAttribute('data-repo', REPO);
    await expect(app.getByTestId('model-facts')).toContainText('transformers');
    await expect(app.locator('[data-testid=tree-row][data-path="model.safetensors"]')).toContainText('15.8 MiB');
    await expect(app.locator('[data-testid=tree-row][data-path="model.safetensors"]')).toContainText('LFS');
    await expect(app.getByTestId('files-total')).toContainText('3 ·');
  });

  await test.step('Inspect analyses config.json from the Hub without downloading anything', async () => {
    await app.getByTestId('inspect').click();
    await expect(app.getByTestId('model-page')).toHaveCount(0);
    await expect.poll(() => editorText(app, 'config-editor')).toContain('"LlamaForCausalLM"');
    await expect.poll(() => editorText(app, 'code-editor')).toContain('def initialize_from_config');
    expect(existsSync(repoDir)).toBe(false);
    await app.getByTestId('tab-local').click();
    await expect(app.getByTestId('hf-cache')).not.toContainText('Scanning');
    await expect(app.locator(`[data-testid=cache-repo][data-repo="${REPO}"]`)).toHaveCount(0);
  });

  await test.step('a download cut off mid-file is cancelled, keeps its partial file, and resumes with a range request', async () => {
    await searchFor(app, 'tiny-llama3');
    await app.locator(`[data-testid=hub-result][data-repo="${REPO}"]`).click();
    // The weights stop after 4 MiB and the connection stays open: the UI shows progress, then Cancel.
    const commit = await app.getByTestId('model-sha').getAttribute('data-sha');
    await setBehaviour(`/${REPO}/resolve/${commit}/model.safetensors`, { kind: 'stall', afterBytes: 4 << 20, times: 1 });
    const before = (await hubRequests()).length;
    await app.getByTestId('download-all').click();
    const card = app.getByTestId('download').first();
    await expect(card).toHaveAttribute('data-state', 'running');
    await expect(card.getByTestId('download-bytes')).toContainText('/ 15.8 MiB');
    await expect(card.getByTestId('download-file').filter({ hasText: 'model.safetensors' })).toBeVisible();
    await expect.poll(() => partialBytes(), { message: 'partial weights on disk' }).toBeGreaterThan(0);
    await card.getByTestId('download-cancel').click();
    await expect(card).toHaveAttribute('data-state', 'cancelled');
    await expect(card.getByTestId('download-message')).toContainText('partial files are kept');
    const kept = partialBytes();
    expect(kept).toBeGreaterThan(0);

    await app.getByTestId('tab-local').click();
    const cached = app.locator(`[data-testid=cache-repo][data-repo="${REPO}"]`);
    await expect(cached).toContainText('1 incomplete');

    await app.getByTestId('tab-hub').click();
    await app.getByTestId('download-all').click();
    const done = app.getByTestId('download').first();
    await expect(done).toHaveAttribute('data-state', 'done');
    await expect(done.getByTestId('download-bytes')).toContainText('15.8 MiB / 15.8 MiB (100%)');
    await expect(done.getByTestId('download-message')).toContainText(`${REPO}: 3 files in the HF cache`);
    await expect(done.getByTestId('download-message')).toContainText(/resumed after \d+ bytes already on disk/);

    const resumed = (await hubRequests()).slice(before).filter((r) => r.path.includes('/resolve/') && r.path.endsWith('model.safetensors') && r.range);
    expect(resumed.map((r) => r.range)).toContain(`bytes=${kept}-`);
    // Byte-identical: the blob's sha256 is its name, and no .incomplete file is left behind.
    const blobs = readdirSync(join(repoDir, 'blobs'));
    expect(blobs.filter((b) => b.endsWith('.incomplete'))).toEqual([]);
    const weights = readFileSync(join(repoDir, 'snapshots', readdirSync(join(repoDir, 'snapshots'))[0], 'model.safetensors'));
    expect(blobs).toContain(createHash('sha256').update(weights).digest('hex'));
  });

  await test.step('the HF cache list shows it, and it opens offline', async () => {
    await app.getByTestId('tab-local').click();
    const cached = app.locator(`[data-testid=cache-repo][data-repo="${REPO}"]`);
    await expect(cached).toContainText('15.8 MiB');
    await expect(cached).toContainText('safetensors');
    await expect(cached).not.toContainText('incomplete');

    await setOffline(app, true);
    await app.getByTestId('tab-hub').click();
    await expect(app.getByTestId('hub-offline')).toContainText('Offline setting');
    await app.getByTestId('tab-local').click();
    const before = (await hubRequests()).length;
    await app.getByTestId('examples').getByRole('button', { name: /^DeepSeek-V3/ }).click();
    await expect.poll(() => editorText(app, 'config-editor')).toContain('DeepseekV3ForCausalLM');
    await cached.getByRole('button', { name: new RegExp(REPO) }).click();
    await cached.getByTestId('cache-revision').first().click();
    await expect.poll(() => editorText(app, 'config-editor')).toContain('"LlamaForCausalLM"');
    expect((await hubRequests()).length).toBe(before);
    await setOffline(app, false);
  });
});

test('a gated repo without a token says what to do; with the token set in Settings it opens', async ({ app }) => {
  await setOffline(app, false);
  await searchFor(app, 'gated');
  const gated = 'bringup-test/tiny-llama3-gated';
  await expect(app.locator(`[data-testid=hub-result][data-repo="${gated}"]`)).toContainText('gated');
  await app.locator(`[data-testid=hub-result][data-repo="${gated}"]`).click();
  await expect(app.getByTestId('model-facts')).toContainText('gated (manual)');
  await app.getByTestId('inspect').click();
  await expect(app.getByTestId('action-error')).toContainText(`${gated} is gated: accept its terms at`);
  await expect(app.getByTestId('action-error')).toContainText('set a token');

  await app.getByTestId('hub-settings-toggle').click();
  await expect(app.getByTestId('token-status')).toContainText('No token');
  await app.getByLabel('Access token').fill(FAKE_HUB_TOKEN);
  await app.getByRole('button', { name: 'Set token' }).click();
  await expect(app.getByTestId('token-status')).toContainText('Token set, entered here');
  // The token went to the services; the page keeps nothing of it.
  await expect(app.getByLabel('Access token')).toHaveValue('');
  expect(await app.content()).not.toContain(FAKE_HUB_TOKEN);

  await app.getByTestId('inspect').click();
  await expect.poll(() => editorText(app, 'config-editor')).toContain('"LlamaForCausalLM"');
  await app.getByRole('button', { name: 'Forget the token' }).click();
  await expect(app.getByTestId('token-status')).toContainText('No token');
});

function partialBytes(): number {
  const blobs = join(repoDir, 'blobs');
  if (!existsSync(blobs)) return 0;
  const partial = readdirSync(blobs).find((b) => b.endsWith('.incomplete'));
  return partial ? readFileSync(join(blobs, partial)).length : 0;
}
