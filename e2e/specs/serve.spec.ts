import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { editorText, expect, test } from '../support/fixtures';
import { eventually, FAKE_MAX, groupMembers, TINY_LLAMA } from '../support/servePort';

// The Serve step in browser mode, against the fake max (fixtures/fake-max: MAX's log lines, banner,
// endpoints and failure texts). The port is written through the UI, as a user would.
async function writtenPort(app: Page): Promise<{ dir: string; packageDir: string }> {
  await app.getByLabel('Checkpoint path or repo id').fill(TINY_LLAMA);
  await app.getByRole('button', { name: 'Open', exact: true }).click();
  await expect.poll(() => editorText(app, 'config-editor')).toContain('"num_key_value_heads"');
  const dir = mkdtempSync(join(tmpdir(), 'bringup-e2e-serve-ui-'));
  await app.getByTestId('write-package').click();
  await app.getByLabel('Project folder path').fill(dir);
  await app.getByRole('button', { name: 'Write', exact: true }).click();
  // LlamaForCausalLM is built into MAX, which refuses to override it: the port registers a unique name,
  // and its serve folder (checkpoint/) has a config.json naming it.
  await expect(app.getByTestId('step-register')).toHaveAttribute('data-state', 'done');
  expect(JSON.parse(readFileSync(join(dir, 'checkpoint', 'config.json'), 'utf8')).architectures).toEqual(['LlamaForCausalLMPort']);
  return { dir, packageDir: join(dir, 'llama_for_causal_lm_port') };
}

async function openServe(app: Page): Promise<void> {
  await app.getByTestId('step-serve').click();
  await expect(app.getByTestId('serve-panel')).toBeVisible();
  // The web server has no `max` on PATH: the user points the port at one.
  const maxField = app.getByLabel('max executable', { exact: true });
  await expect(maxField.or(app.getByTestId('serve-argv'))).toBeVisible();
  if (await maxField.isVisible()) {
    await maxField.fill(FAKE_MAX);
    await app.getByRole('button', { name: 'Use this max' }).click();
  }
  await expect(app.getByTestId('serve-argv')).toContainText(`${FAKE_MAX} serve --custom-architectures`);
}

async function waitState(app: Page, state: string, timeout = 30_000): Promise<void> {
  await expect(app.getByTestId('serve-state')).toHaveAttribute('data-state', state, { timeout });
}

test('start Serve on a written port, watch the log and the phases, send a smoke prompt, stop it', async ({ app }) => {
  const { dir } = await writtenPort(app);
  await openServe(app);
  await expect(app.getByTestId('serve-fit')).toBeVisible();
  await app.getByTestId('serve-start').click();
  await waitState(app, 'ready');
  await expect(app.getByTestId('serve-phases')).toContainText('Worker started');
  await expect(app.getByTestId('serve-phases')).toContainText('Compiling');
  await expect(app.getByTestId('serve-phases')).toContainText('Ready (health 200)');
  await expect(app.getByTestId('serve-terminal').locator('.xterm-rows')).toContainText('Server ready on http://0.0.0.0:', { timeout: 10_000 });
  await expect(app.getByTestId('serve-terminal').locator('.xterm-rows')).toContainText('Model worker ready');

  // Search the log.
  await app.getByLabel('Search the log').fill('Starting worker');
  await app.getByLabel('Search the log').press('Enter');

  // A base model (no chat template): the completions API, streamed token by token.
  await app.getByRole('button', { name: 'The capital of France is' }).click();
  await expect(app.getByTestId('serve-smoke-text')).toHaveText(' Paris, and the capital of Germany is');
  await expect(app.getByTestId('serve-smoke-stats')).toContainText('8 tokens');
  const project = JSON.parse(readFileSync(join(dir, '.bringup', 'project.json'), 'utf8'));
  expect(project.evidence.serve).toMatchObject({ ok: true });
  const pid = project.evidence.serve.data.pid as number;
  expect(groupMembers(pid).length).toBeGreaterThanOrEqual(2); // MAX and its model worker

  await app.getByTestId('serve-stop').click();
  await waitState(app, 'exited');
  expect(await eventually(() => groupMembers(pid).length === 0)).toBe(true);
  expect(JSON.parse(readFileSync(join(dir, '.bringup', 'project.json'), 'utf8')).runs.at(-1)).toMatchObject({ hook: 'serve', exitCode: 130 });
});

test('a port conflict names the process holding it and offers a free port', async ({ app }) => {
  const held = createServer();
  await new Promise<void>((r) => held.listen(0, '0.0.0.0', r));
  const port = (held.address() as { port: number }).port;
  try {
    await writtenPort(app);
    await openServe(app);
    await app.getByLabel('HTTP port').fill(String(port));
    await app.getByLabel('HTTP port').blur();
    await expect(app.getByTestId('serve-port-taken')).toContainText(`Port ${port} is held by node (pid ${process.pid})`);
    await app.getByTestId('serve-use-free-port').click();
    await expect(app.getByLabel('HTTP port')).not.toHaveValue(String(port));
    await expect(app.getByTestId('serve-port-taken')).toHaveCount(0);
    await app.getByTestId('serve-start').click();
    await waitState(app, 'ready');
    await app.getByTestId('serve-stop').click();
    await waitState(app, 'exited');
  } finally {
    await new Promise((r) => held.close(r));
  }
});

test('an import failure maps to Build layers and links to the failing line of model.py', async ({ app }) => {
  const { packageDir } = await writtenPort(app);
  const modelPy = join(packageDir, 'model.py');
  const line = readFileSync(modelPy, 'utf8').split('\n').length + 2;
  appendFileSync(modelPy, '\n\ndef broken(:\n    pass\n');
  await openServe(app);
  await app.getByTestId('serve-start').click();
  await waitState(app, 'failed');
  const failure = app.getByTestId('serve-failure');
  await expect(failure).toHaveAttribute('data-code', 'import-failed');
  await expect(failure).toContainText('Failed to import custom model from:');
  await expect(app.getByTestId('serve-failure-step')).toHaveText('Build layers');
  await expect(app.getByTestId('serve-failure-frame')).toHaveText(`model.py:${line}`);
  await app.getByTestId('serve-failure-frame').click();
  await expect(app.getByTestId('serve-peek-title')).toHaveText(`model.py:${line}`);
  await expect(app.getByTestId('serve-peek-line')).toHaveText(`${line}: def broken(:`);
  await expect(app.getByTestId('serve-peek').locator('.serve-failing-line')).toHaveCount(1);
  await app.getByRole('button', { name: 'Close' }).click();
  // The generated files' editor shows the same file.
  await expect(app.getByRole('tab', { name: 'model.py' })).toHaveAttribute('aria-selected', 'true');
  await app.getByTestId('serve-failure-step').click();
  await expect(app.getByTestId('step-build-layers')).toHaveClass(/active/);
});
