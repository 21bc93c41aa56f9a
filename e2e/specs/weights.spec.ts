import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { editorText, expect, test } from '../support/fixtures';

// Local checkpoints written by e2e/fixtures/checkpoints/generate.mjs (paths typed must be absolute).
const checkpoints = resolve('e2e/fixtures/checkpoints');
const consistent = resolve(checkpoints, 'tiny-llama3');
const kvMismatch = resolve(checkpoints, 'tiny-llama3-kv-mismatch');
const corrupt = resolve(checkpoints, 'corrupt-header');

async function openCheckpoint(app: Page, dir: string) {
  const input = app.getByLabel('Checkpoint path or repo id');
  await input.fill(dir);
  await app.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(app.getByTestId('config-editor')).toBeVisible();
  await expect.poll(() => editorText(app, 'config-editor')).toContain('"num_key_value_heads"');
}

async function openWeightsTab(app: Page) {
  await app.getByRole('tab', { name: 'Weights' }).click();
}

test('the weights tab lists every tensor and filters, groups and charts them', async ({ app }) => {
  await openCheckpoint(app, consistent);
  await openWeightsTab(app);
  const summary = app.getByTestId('weights-summary');
  await expect(summary).toContainText('safetensors');
  await expect(summary).toContainText('21 tensors');
  await expect(summary).toContainText('BF16');

  const table = app.getByTestId('tensor-table');
  await expect(table.getByTestId('tensor-count')).toHaveText(/^21 tensors · 26,784 params$/);
  await expect(table.locator('[data-tensor="model.layers.0.self_attn.k_proj.weight"]')).toContainText('[16, 32]');

  // Plain text, glob and /regex/ filters.
  const filter = app.getByLabel('Filter tensors');
  await filter.fill('k_proj');
  await expect(table.getByTestId('tensor-count')).toContainText('2 of 21 tensors');
  await filter.fill('model.layers.*.mlp.*');
  await expect(table.getByTestId('tensor-count')).toContainText('6 of 21 tensors');
  await filter.fill('/^model\\.layers\\.1\\./');
  await expect(table.getByTestId('tensor-count')).toContainText('9 of 21 tensors');
  await filter.fill('/layers.(/');
  await expect(table.getByTestId('tensor-count')).toContainText('not a regular expression');
  await filter.fill('');

  // Group by module: one row per module across layers, with counts.
  await app.getByLabel('Group').selectOption('module');
  await expect(table.locator('[data-group="model.layers.{i}.self_attn.*"]')).toContainText('(8)');
  await table.locator('[data-group="model.layers.{i}.self_attn.*"]').click();
  await expect(table.locator('[data-tensor="model.layers.1.self_attn.o_proj.weight"]')).toBeVisible();
  await app.getByLabel('Group').selectOption('none');

  // Every check agrees; the name map is complete and says what strict=False means.
  await app.getByRole('tab', { name: /^Cross-check/ }).click();
  await expect(app.getByTestId('crosscheck')).toContainText('0 mismatches');
  await expect(app.getByTestId('crosscheck').locator('[data-field="num_key_value_heads"]')).toHaveAttribute('data-status', 'ok');
  await app.getByRole('tab', { name: /^Name map/ }).click();
  await expect(app.getByTestId('namemap')).toContainText('21 mapped');
  await expect(app.getByTestId('strict-warning')).toContainText('strict=False');

  await app.getByRole('tab', { name: 'Chart' }).click();
  await expect(app.getByTestId('params-chart').locator('canvas')).toHaveAttribute('aria-label', /attention 6,144/);
});

test('a cross-check mismatch reveals the config field and the tensor', async ({ app }) => {
  await openCheckpoint(app, kvMismatch);
  await openWeightsTab(app);
  await app.getByRole('tab', { name: /^Cross-check \(\d+\)/ }).click();
  const finding = app.getByTestId('crosscheck').locator('[data-field="num_key_value_heads"]');
  await expect(finding).toHaveAttribute('data-status', 'mismatch');
  await expect(finding).toContainText('config says 4');
  await expect(finding).toContainText('weights say 2');
  // Mismatches come first.
  await expect(app.getByTestId('crosscheck').locator('.cc-row').first()).toHaveAttribute('data-field', 'num_key_value_heads');

  // Filter the table so the tensor is hidden: the reveal must clear the filter to show it.
  await app.getByLabel('Filter tensors').fill('mlp');
  await finding.click();
  await expect(app.getByTestId('link-note')).toContainText(/num_key_value_heads → model_config\.py:\d+/);
  const row = app.getByTestId('tensor-table').locator('[data-tensor="model.layers.0.self_attn.k_proj.weight"]');
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await expect(app.getByLabel('Filter tensors')).toHaveValue('');
});

test('a corrupt header shows one line with the file and byte offset, and the window keeps working', async ({ app }) => {
  await openCheckpoint(app, corrupt);
  await openWeightsTab(app);
  const error = app.getByTestId('weights-error');
  await expect(error).toContainText(`${resolve(corrupt, 'model.safetensors')}: byte 8:`);
  await expect(error).toContainText("header does not start with '{'");
  expect((await error.locator('.we-message').innerText()).split('\n')).toHaveLength(1);
  await expect(error.getByRole('button', { name: 'Retry' })).toBeVisible();
  await error.getByRole('button', { name: 'Retry' }).click();
  await expect(app.getByTestId('weights-error')).toContainText('byte 8');

  // Still responsive: the other tabs render, and a good checkpoint opens and reads.
  await app.getByRole('tab', { name: 'Summary' }).click();
  await expect(app.getByTestId('summary')).toBeVisible();
  await openCheckpoint(app, consistent);
  await openWeightsTab(app);
  await expect(app.getByTestId('weights-summary')).toContainText('21 tensors');
});

test('an embedded example says plainly that it has no weights', async ({ app }) => {
  await expect.poll(() => editorText(app, 'config-editor')).toContain('"LlamaForCausalLM"');
  await openWeightsTab(app);
  await expect(app.getByTestId('weights-none')).toContainText('no weight files');
});
