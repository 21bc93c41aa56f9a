import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { logitsRecord, serveRecord } from '../../fixtures/port/records';
import { openPort, portInputPaths } from '../../electron/services/project/port';
import { hashInputs, recordEvidence, recordRun } from '../../electron/services/project/projectFile';
import { editorText, expect, test } from '../support/fixtures';
import { startWeb } from '../support/startWeb';

/**
 * The port as a real object, end to end in the browser: write it, restart the server, reopen it
 * from the start page with the same steps; a conflict resolved in the diff editor; the report
 * exported and its HTML opened. This spec runs its own `bringup web` (its own data folder and home),
 * so it can restart it.
 */
test.skip(({ face }) => face !== 'browser', 'restarts the browser-mode server');

const STEPS = ['map-fields', 'build-layers', 'register', 'map-weights', 'validate-logits', 'serve'];
const states = async (app: Page) => Object.fromEntries(await Promise.all(STEPS.map(async (id) => [id, await app.getByTestId(`step-${id}`).getAttribute('data-state')] as const)));
const summaries = async (app: Page) => Promise.all(STEPS.map((id) => app.getByTestId(`step-summary-${id}`).innerText()));

test('write the port, restart the server, reopen it from the start page as it was; resolve a conflict in the diff editor; export the report', async ({ app }) => {
  test.setTimeout(180_000);
  const scratch = mkdtempSync(join(tmpdir(), 'bringup-e2e-port-'));
  const home = join(scratch, 'home');
  mkdirSync(home);
  const env = { ...(JSON.parse(process.env.BRINGUP_APP_ENV!) as NodeJS.ProcessEnv), BRINGUP_DATA_DIR: join(scratch, 'data'), HOME: home };
  let web = await startWeb(env);
  try {
    await app.goto(web.url);
    // A first start (no port to reopen): the embedded example.
    await expect.poll(() => editorText(app, 'code-editor')).toContain('initialize_from_config');

    // A relative folder is resolved against the home folder, shown before anything is written.
    await app.getByTestId('write-package').click();
    await app.getByLabel('Project folder path').fill('ports/tiny');
    const dir = join(home, 'ports', 'tiny');
    await expect(app.getByTestId('folder-info')).toContainText(`${dir} (relative paths start at ${home}): a new folder`);
    await app.getByRole('button', { name: 'Write', exact: true }).click();
    await expect(app.getByTestId('write-feedback')).toContainText(`Wrote ${join(dir, 'llama_for_causal_lm_port')} as LlamaForCausalLMPort`);
    await expect(app.getByTestId('rail-port')).toHaveText('tiny');
    await expect(app.getByTestId('step-register')).toHaveAttribute('data-state', 'done');
    await expect(app.getByTestId('step-map-weights')).toHaveAttribute('data-state', 'todo'); // the example is config.json only

    // What serve and the logits comparison record (their shapes from CLI-CONTRACT.md), then the evidence gathered again.
    const port = await openPort(dir);
    await recordEvidence(dir, 'serve', { at: new Date().toISOString(), inputs: await hashInputs(dir, portInputPaths(port)), ok: true, detail: 'ready after 3.1 s; the smoke request answered in 41 ms', data: serveRecord(dir) });
    await recordRun(dir, { id: 'serve-e2e-1', hook: 'serve', argv: serveRecord(dir).argv, startedAt: new Date().toISOString(), endedAt: new Date().toISOString(), exitCode: 0, log: '.bringup/runs/serve-e2e-1.log', result: serveRecord(dir) });
    await recordEvidence(dir, 'validate-logits', { at: new Date().toISOString(), inputs: await hashInputs(dir, portInputPaths(port)), ok: true, detail: 'pass: max KL 2.5e-4 ≤ 0.01 (docs)', data: logitsRecord() });
    await app.getByLabel('Gather the evidence again').click();
    await expect(app.getByTestId('step-serve')).toHaveAttribute('data-state', 'done');
    await expect(app.getByTestId('step-validate-logits')).toHaveAttribute('data-state', 'done');
    const before = await states(app);
    const beforeText = await summaries(app);

    // Restart the server: a new process, a new URL. The start page offers the port; it reopens as it was.
    await web.stop();
    web = await startWeb(env);
    await app.goto(web.url);
    await expect(app.getByTestId('start-page')).toBeVisible();
    const recent = app.getByTestId('recent-port').filter({ hasText: dir });
    await expect(recent).toContainText('LlamaForCausalLMPort');
    await recent.click();
    await expect(app.getByTestId('rail-port')).toHaveText('tiny');
    await expect.poll(() => states(app)).toEqual(before);
    expect(await summaries(app)).toEqual(beforeText);
    await expect.poll(() => editorText(app, 'config-editor')).toContain('"LlamaForCausalLM"');
    await expect.poll(() => editorText(app, 'code-editor')).toContain('LlamaForCausalLMPort');
    // The run history too.
    await app.getByTestId('step-serve').click();
    await expect(app.getByTestId('run-history').locator('[data-run="serve-e2e-1"]')).toContainText('.bringup/runs/serve-e2e-1.log');

    // A conflict: the user edits a line the next generation changes; it is resolved in the diff editor.
    const modelConfig = join(dir, 'llama_for_causal_lm_port', 'model_config.py');
    const lines = readFileSync(modelConfig, 'utf8').split('\n');
    lines[lines.findIndex((l) => l.startsWith('# Generated by Bringup for MAX'))] = '# my own header line';
    writeFileSync(modelConfig, lines.join('\n'));
    await app.getByLabel('MAX version to generate for').selectOption('26.4');
    await app.getByTestId('write-package').click();
    await expect(app.getByTestId('write-feedback')).toContainText('1 in conflict');
    // Editing model_config.py turned the recorded runs stale: they judged the package as it was.
    await expect(app.getByTestId('step-serve')).toHaveAttribute('data-state', 'stale');
    await app.getByTestId('changes-tab').click();
    await expect(app.getByTestId('changes').locator('[data-file="model_config.py"]')).toHaveAttribute('data-state', 'conflict');
    await app.getByTestId('open-conflict').click();
    const diff = app.getByTestId('conflict-diff');
    await expect(diff.locator('.monaco-diff-editor')).toBeVisible();
    await diff.locator('.editor.modified .view-lines').click();
    await app.keyboard.press('Control+Home');
    await app.keyboard.type('# resolved in the diff editor\n');
    await app.getByTestId('save-merged').click();
    await expect(app.getByTestId('write-feedback')).toContainText('model_config.py: merged result, saved');
    const resolved = readFileSync(modelConfig, 'utf8');
    expect(resolved.startsWith('# resolved in the diff editor\n# Generated by Bringup for MAX 26.4')).toBe(true);
    expect(existsSync(join(dir, '.bringup/pending/llama_for_causal_lm_port/model_config.py'))).toBe(false);
    await expect(app.getByTestId('changes').locator('[data-file="model_config.py"]')).toHaveAttribute('data-state', 'edited');
    // The code pane shows the file as it is on disk, and marks the line that differs from a fresh generation.
    await app.getByTestId('changes').getByRole('button', { name: 'model_config.py' }).click();
    await expect.poll(() => editorText(app, 'code-editor')).toContain('# resolved in the diff editor');
    await expect(app.getByTestId('code-editor').locator('.disk-differs')).toHaveCount(1);

    // The report: Markdown and a self-contained HTML with its plots, which renders with no request anywhere.
    await app.getByTestId('export-report').click();
    const html = join(dir, 'PORT-REPORT.html');
    await expect(app.getByTestId('write-feedback')).toContainText(`Report written: ${html}`);
    expect(readFileSync(join(dir, 'PORT-REPORT.md'), 'utf8')).toContain('## Logits validation');
    const page = await app.context().newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${html}`);
    await expect(page.locator('h1')).toHaveText('Port report: LlamaForCausalLMPort');
    await expect(page.locator('svg')).toHaveCount(2);
    await expect(page.locator('svg').first()).toBeVisible();
    expect(await page.locator('svg polyline.series').count()).toBe(2);
    await expect(page.locator('body')).toContainText('Paris is the capital of France.');
    expect(requests).toEqual([`file://${html}`]);
    await page.close();

    // Writing with a broken config.json says why it cannot, and writes nothing.
    const before2 = readFileSync(modelConfig, 'utf8');
    await app.getByTestId('config-editor').locator('.view-lines').click();
    await app.keyboard.press('Control+End');
    await app.keyboard.type(',');
    await app.getByTestId('write-package').click();
    await expect(app.getByTestId('write-feedback')).toContainText('Cannot write the port: config.json');
    expect(readFileSync(modelConfig, 'utf8')).toBe(before2);
  } finally {
    await web.stop();
  }
});

test('a contradiction with the weights shows in Problems and on the field without opening the Weights tab; its quick fix settles it', async ({ app, face }) => {
  test.skip(face !== 'browser');
  const kvMismatch = join(process.cwd(), 'e2e/fixtures/checkpoints/tiny-llama3-kv-mismatch');
  await app.getByLabel('Checkpoint path or repo id').fill(kvMismatch);
  await app.getByRole('button', { name: 'Open', exact: true }).click();
  await expect.poll(() => editorText(app, 'config-editor')).toContain('"num_key_value_heads": 4');
  // The headers were read on open: map weights is blocked by the contradiction.
  await expect(app.getByTestId('step-map-weights')).toHaveAttribute('data-state', 'blocked');
  await expect(app.getByTestId('step-summary-map-weights')).toHaveText('blocked: 1 field contradicted');
  await app.getByRole('tab', { name: /^Problems/ }).click();
  const finding = app.getByTestId('problems-map-weights').locator('[data-finding="check:num_key_value_heads"]');
  await expect(finding).toContainText('num_key_value_heads: config says 4, the weights say 2');
  // The marker on the field says the same, with its quick fix.
  await expect(app.getByTestId('config-editor').locator('.squiggly-error').first()).toBeAttached();
  await finding.getByTestId('quick-fix').click();
  await expect.poll(() => editorText(app, 'config-editor')).toContain('"num_key_value_heads": 2');
  await expect(app.getByTestId('step-map-weights')).not.toHaveAttribute('data-state', 'blocked');
});

test('bringup status and report, as CI runs them: the contract object, exit 3 with --strict until every step is done', async () => {
  const { spawnSync } = await import('node:child_process');
  const env = { ...process.env, HF_HUB_OFFLINE: '1', HF_HUB_CACHE: mkdtempSync(join(tmpdir(), 'bringup-cli-cache-')) };
  const bringup = (...args: string[]) => {
    const run = spawnSync(process.execPath, ['bin/bringup.js', ...args], { encoding: 'utf8', env });
    return { code: run.status, out: run.stdout, err: run.stderr };
  };
  const dir = join(mkdtempSync(join(tmpdir(), 'bringup-cli-port-')), 'port');
  const source = join(process.cwd(), 'e2e/fixtures/checkpoints/tiny-llama3');
  expect(bringup('generate', source, '--out', dir).code).toBe(0);
  const status = bringup('status', dir, '--json');
  expect(status.code).toBe(0);
  const json = JSON.parse(status.out);
  expect(Object.keys(json)).toEqual(expect.arrayContaining(['port', 'package', 'archName', 'checkpoint', 'servePath', 'maxVersion', 'steps']));
  expect(json).toMatchObject({ port: dir, package: 'llama_for_causal_lm_port', archName: 'LlamaForCausalLMPort', checkpoint: source, servePath: join(dir, 'checkpoint') });
  expect(json.steps.map((s: { id: string }) => s.id)).toEqual(STEPS);
  for (const step of json.steps) {
    expect(['done', 'in-progress', 'todo', 'blocked', 'stale']).toContain(step.state);
    expect(typeof step.detail).toBe('string');
    expect(step).toHaveProperty('evidence');
  }
  expect(json.steps.find((s: { id: string }) => s.id === 'map-weights').evidence.inputs).toHaveProperty([`${join(source, 'model.safetensors')}#header:${readFileSync(join(source, 'model.safetensors')).readBigUInt64LE(0) + 8n}`]);
  expect(bringup('status', dir, '--strict').code).toBe(3);
  expect(bringup('status', join(dir, 'nope')).code).toBe(2);
  const report = bringup('report', dir, '--json');
  expect(report.code).toBe(0);
  expect(JSON.parse(report.out)).toEqual({ port: dir, markdown: join(dir, 'PORT-REPORT.md'), html: join(dir, 'PORT-REPORT.html') });
});
