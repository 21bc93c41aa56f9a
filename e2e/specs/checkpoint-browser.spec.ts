/// <reference lib="dom" />
// (DOM types for the code these specs run in the page with evaluate.)
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
const SHARDED = 'bringup-test/tiny-llama3-sharded';
const shardedDir = join(cacheDir, 'models--bringup-test--tiny-llama3-sharded');
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
test.beforeAll(() => {
  rmSync(repoDir, { recursive: true, force: true });
  rmSync(shardedDir, { recursive: true, force: true });
});

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
    await app.getByRole('tab', { name: /^Files/ }).click();
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
    // Recent names it as a repo, not by the Hub's host.
    await expect(app.getByRole('button', { name: new RegExp(`^${REPO}`) }).first()).toBeVisible();
    await expect(app.getByTestId('examples').locator('xpath=..')).not.toContainText('127.0.0.1');
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
    // Cancelling is not a failure: no red count, no alert.
    await expect(card).not.toContainText('failed');
    await expect(card.getByTestId('download-message')).toHaveAttribute('role', 'status');
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
    await expect(done.getByTestId('download-message')).toContainText(/resumed after \d+(\.\d+)? (KiB|MiB) already on disk/);
    // The new download supersedes the cancelled one: its card is gone.
    await expect(app.getByTestId('download')).toHaveCount(1);

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
    // A cached revision opens as org/name@commit, not as its snapshot folder.
    const commit = await cached.getByTestId('cache-revision').first().getAttribute('data-commit');
    await expect(app.getByTestId('status-checkpoint')).toHaveText(`${REPO}@${commit!.slice(0, 7)}`);
    await expect(app.getByTestId('config-source')).toHaveText(`${REPO}@${commit!.slice(0, 7)}`);
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

test('the model page shows the rendered model card, the architecture and the parameter count the Hub API returns', async ({ app }) => {
  await setOffline(app, false);
  await searchFor(app, 'sharded');
  await app.locator(`[data-testid=hub-result][data-repo="${SHARDED}"]`).click();
  await expect(app.getByTestId('model-architecture')).toHaveText('LlamaForCausalLM (model_type llama)');
  await expect(app.getByTestId('model-parameters')).toHaveText('≈ 4.1 M (F32)');
  await expect(app.getByTestId('model-parameters')).toHaveAttribute('title', /4,129,264 parameters, counted by the Hub/);
  await expect(app.getByTestId('model-facts')).toContainText('apache-2.0');
  const card = app.getByTestId('model-readme');
  await expect(card.locator('h1')).toHaveText('tiny-llama3-sharded');
  await expect(card.locator('table td').first()).toHaveText('hidden_size');
  await expect(card).not.toContainText('license: apache-2.0'); // the YAML block is metadata, not text
  // Sanitized: no script, no handler, no javascript: link; links open beside the app; outside images become links.
  expect(await card.locator('script, [onerror], a[href^="javascript:"]').count()).toBe(0);
  expect(await app.evaluate(() => Object.keys(window).filter((k) => k.startsWith('__readme')))).toEqual([]);
  await expect(card.getByRole('link', { name: 'Hub docs' })).toHaveAttribute('target', '_blank');
  await expect(card.getByRole('link', { name: 'config' })).toHaveAttribute('href', new RegExp(`/${SHARDED}/blob/[0-9a-f]{40}/config\\.json$`));
  await expect(card.getByRole('link', { name: /image: A diagram/ })).toHaveAttribute('href', 'https://example.com/diagram.png');
  expect(await card.locator('img').count()).toBe(0);
});

test('a repo downloaded as config + tokenizer offers to read its weight headers from the Hub, and does', async ({ app }) => {
  await setOffline(app, false);
  await searchFor(app, 'sharded');
  await app.locator(`[data-testid=hub-result][data-repo="${SHARDED}"]`).click();
  await app.getByTestId('download-config').click();
  const card = app.getByTestId('download').first();
  await expect(card).toHaveAttribute('data-state', 'done');
  await card.getByTestId('download-open').click();
  await expect.poll(() => editorText(app, 'config-editor')).toContain('"LlamaForCausalLM"');
  await expect(app.getByTestId('status-checkpoint')).toHaveText(new RegExp(`^${SHARDED}@[0-9a-f]{7}$`));
  await app.getByRole('tab', { name: 'Weights' }).click();
  await expect(app.getByTestId('weights-none')).toContainText('without its weight files');
  await expect(app.getByTestId('weights-error')).toHaveCount(0); // no "not in the checkpoint" with a useless Retry
  const before = (await hubRequests()).length;
  await app.getByTestId('read-remote').click();
  await expect(app.getByTestId('weights-summary')).toContainText('12 tensors');
  await expect(app.getByTestId('weights-summary')).toContainText('of weight files on the Hub');
  const reads = (await hubRequests()).slice(before).filter((r) => /\.safetensors$/.test(r.path.split('?')[0]));
  expect(reads.every((r) => r.range?.startsWith('bytes=0-'))).toBe(true);
  expect(readdirSync(join(shardedDir, 'snapshots', readdirSync(join(shardedDir, 'snapshots'))[0])).filter((f) => f.endsWith('.safetensors'))).toEqual([]);

  // Offline (a fresh window), it says where the switch is instead of naming an environment variable.
  await app.reload();
  await setOffline(app, true);
  await app.getByTestId('tab-local').click();
  await app.locator(`[data-testid=cache-repo][data-repo="${SHARDED}"]`).getByRole('button', { name: new RegExp(SHARDED) }).click();
  await app.locator(`[data-testid=cache-repo][data-repo="${SHARDED}"]`).getByTestId('cache-revision').first().click();
  await app.getByRole('tab', { name: 'Weights' }).click();
  await expect(app.getByTestId('read-remote-offline')).toContainText('the Offline switch in Hub settings is on');
  await expect(app.getByTestId('read-remote-offline')).not.toContainText('HF_HUB_OFFLINE');
  await setOffline(app, false);
});

function partialBytes(): number {
  const blobs = join(repoDir, 'blobs');
  if (!existsSync(blobs)) return 0;
  const partial = readdirSync(blobs).find((b) => b.endsWith('.incomplete'));
  return partial ? readFileSync(join(blobs, partial)).length : 0;
}
