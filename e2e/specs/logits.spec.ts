import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { editorText, expect, test } from '../support/fixtures';

// Fixtures written with the real numpy by fixtures/logits/generate.py.
const FIXTURES = resolve('fixtures/logits');

async function openStep(app: Page, waitForExample = true) {
  if (waitForExample) await expect.poll(() => editorText(app, 'code-editor')).toContain('initialize_from_config');
  await app.getByTestId('step-validate-logits').click();
  await expect(app.getByTestId('logits-panel')).toBeVisible();
}

/** Drops files on the panel as a user would: File objects in a DataTransfer (browser mode: no paths). */
async function drop(app: Page, names: string[]) {
  const files = names.map((name) => ({ name: name.split('/').pop()!, b64: readFileSync(join(FIXTURES, name)).toString('base64') }));
  await app.getByTestId('logits-drop').evaluate((zone, list) => {
    // This runs in the page; the e2e TypeScript project has no DOM types, so name what is used.
    const page = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: unknown): void } };
      DragEvent: new (type: string, init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean }) => unknown;
      File: new (parts: Uint8Array[], name: string) => unknown;
      atob(text: string): string;
    };
    const dt = new page.DataTransfer();
    for (const f of list) dt.items.add(new page.File([Uint8Array.from(page.atob(f.b64), (c) => c.charCodeAt(0))], f.name));
    (zone as unknown as { dispatchEvent(event: unknown): void }).dispatchEvent(new page.DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

test('drop two golden files: the verdict with its threshold, per-prompt table, charts and worst positions', async ({ app }) => {
  await openStep(app);
  await drop(app, ['cand.golden.json', 'ref.golden.json']);
  // Named files go to their side whatever the order they were dropped in.
  await expect(app.getByTestId('logits-ref-name')).toContainText('ref.golden.json (dropped');
  await expect(app.getByTestId('logits-cand-name')).toContainText('cand.golden.json (dropped');
  await app.getByTestId('logits-compare').click();
  const verdict = app.getByTestId('logits-verdict');
  await expect(verdict).toHaveAttribute('data-verdict', /pass|fail/);
  await expect(verdict).toContainText(/max KL \S+ at position \d+ \(prompt \d, step \d\) (<=|>) 0\.01 \(docs\)/);
  await expect(app.getByTestId('logits-thresholds')).toContainText('Thresholds: KL ≤ 0.01, cosine distance ≤ 0.001 (docs');
  await expect(app.getByTestId('logits-result')).toContainText('compared in this browser');
  await expect(app.getByTestId('logits-prompts').locator('tbody tr')).toHaveCount(4);
  await expect(app.getByTestId('logits-prompts')).toContainText('def is_prime(x):\\n');
  await expect(app.getByTestId('logits-chart-kl').locator('canvas')).toHaveAttribute('aria-label', /^KL\(ref ‖ cand\) per position: max \S+, \d+ of 12 above the threshold 0\.01$/);
  await expect(app.getByTestId('logits-chart-cos').locator('canvas')).toHaveAttribute('aria-label', /^cosine distance per position: max /);
  await expect(app.getByTestId('logits-chart-top1').locator('canvas')).toHaveAttribute('aria-label', /^top-1 agreement \d+\.\d%/);
  const worst = app.getByTestId('logits-worst').locator('tbody tr');
  await expect(worst).toHaveCount(10);
  await expect(worst.first()).toContainText(/\(prompt \d, step \d\)/);
  await expect(worst.first()).toContainText(/#\d+/);

  // A tight threshold of the user's fails the same pair.
  await app.getByLabel('KL threshold').fill('1e-9');
  await app.getByTestId('logits-compare').click();
  await expect(verdict).toHaveAttribute('data-verdict', 'fail');
  await expect(verdict).toContainText('> 1.00e-9 (user)');
});

test('bad input is one line naming the file', async ({ app }) => {
  await openStep(app);
  await drop(app, ['ref.golden.json', 'bad/vocab65.npy']);
  await app.getByTestId('logits-compare').click();
  await expect(app.getByTestId('logits-error')).toHaveText("vocab65.npy: shapes differ: its vocabulary is 65, ref.golden.json's is 64");
});

test('by path in a port: MAX thresholds, recorded as the validate-logits evidence; the scripts written', async ({ app }) => {
  const dir = mkdtempSync(join(tmpdir(), 'bringup-logits-port-'));
  await expect.poll(() => editorText(app, 'code-editor')).toContain('initialize_from_config');
  await app.getByTestId('write-package').click();
  await app.getByLabel('Project folder path').fill(dir);
  await app.getByRole('button', { name: 'Write', exact: true }).click();
  await app.getByTestId('step-register').click();
  await expect(app.getByTestId('package-result')).toContainText('written');
  await openStep(app, false);

  await app.getByLabel('REF (transformers) path').fill(join(FIXTURES, 'ref.npy'));
  await app.getByLabel('CAND (MAX) path').fill(join(FIXTURES, 'cand.compressed.npz'));
  await app.getByLabel('Thresholds from').selectOption('meta-llama/Llama-3.1-8B-Instruct-bfloat16');
  await app.getByTestId('logits-compare').click();
  await expect(app.getByTestId('logits-thresholds')).toContainText('KL ≤ 0.04, cosine distance ≤ 0.025 (max:meta-llama/Llama-3.1-8B-Instruct@bfloat16: max/tests/integration/accuracy/logit_verification/logit_verification_config.yaml:194');
  await expect(app.getByTestId('logits-recorded')).toContainText(`recorded as the validate-logits evidence of ${dir}`);
  const project = JSON.parse(readFileSync(join(dir, '.bringup/project.json'), 'utf8'));
  const evidence = project.evidence['validate-logits'];
  expect(evidence.data.thresholds).toMatchObject({ kl: 0.04, source: 'max:meta-llama/Llama-3.1-8B-Instruct@bfloat16' });
  expect(Object.keys(evidence.inputs)).toEqual(expect.arrayContaining([join(FIXTURES, 'ref.npy'), join(FIXTURES, 'cand.compressed.npz')]));
  expect(evidence.data.positions).toHaveLength(12);

  // Writing the package wrote the logits scripts too; writing them again changes nothing.
  expect(existsSync(join(dir, 'logits/reference_logits.py'))).toBe(true);
  await app.getByRole('button', { name: 'Write scripts' }).click();
  await expect(app.getByTestId('logits-scripts')).toContainText('logits/max_logits.py unchanged');
  // The hooks really run here, on a Python without MAX: the first one fails with its own line.
  await app.getByTestId('logits-run-hooks').click();
  await expect(app.getByTestId('logits-error')).toContainText(
    "MAX logits (the port in-process, greedy) exited with 1: ModuleNotFoundError: No module named 'max' (max_logits.py): run it with the Python where MAX is installed",
  );
  await expect(app.getByTestId('logits-error')).toContainText(`(its log: ${dir}/.bringup/runs/`);
  expect(existsSync(join(dir, 'logits/reference.golden.json'))).toBe(false);

  // A slow hook (the user's own edit of the script, kept when the scripts are written again) is stopped.
  writeFileSync(join(dir, 'logits/max_logits.py'), 'import time\ntime.sleep(120)\n');
  await app.getByTestId('logits-run-hooks').click();
  await app.getByTestId('logits-stop-hooks').click();
  await expect(app.getByTestId('logits-note')).toContainText(/^MAX logits \(the port in-process, greedy\): stopped \(SIGINT after \d+ ms\); nothing compared\.$/);
  await expect(app.getByTestId('logits-run-hooks')).toBeVisible();
  expect(readFileSync(join(dir, 'logits/max_logits.py'), 'utf8')).toBe('import time\ntime.sleep(120)\n');
});
