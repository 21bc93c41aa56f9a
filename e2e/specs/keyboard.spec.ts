/// <reference lib="dom" />
// (DOM types for the code these specs run in the page with evaluate.)
import { resolve } from 'node:path';
import { editorText, expect, test } from '../support/fixtures';

// Keyboard and access: one command registry behind the palette, the shortcuts page and every
// shortcut; Tab never traps; focus is always visible.

test('the command palette (Ctrl+Shift+P or F1) lists every action with its shortcut and runs it', async ({ app }) => {
  await expect.poll(() => editorText(app, 'code-editor')).toContain('initialize_from_config');
  const before = await app.evaluate(() => document.activeElement?.tagName);
  await app.keyboard.press('Control+Shift+P');
  const palette = app.getByTestId('quick-pick');
  await expect(palette).toBeVisible();
  const items = palette.getByTestId('quick-pick-item');
  for (const [id, key] of [['panel.toggle', 'Ctrl+J'], ['panel.problems', 'Ctrl+Shift+M'], ['checkpoint.open', 'Ctrl+O'], ['package.write', 'Ctrl+S'], ['help.shortcuts', 'Ctrl+/'], ['editor.tabMovesFocus', 'Ctrl+M'], ['step.map-weights', 'Ctrl+4']]) {
    await expect(items.and(app.locator(`[data-id="${id}"]`))).toContainText(key);
  }
  await app.keyboard.type('show problems');
  await expect(items.first()).toHaveAttribute('data-id', 'panel.problems');
  await app.keyboard.press('Enter');
  await expect(palette).toHaveCount(0);
  await expect(app.getByRole('tab', { name: /^Problems/ })).toHaveAttribute('aria-selected', 'true');

  await app.keyboard.press('F1');
  await expect(palette).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);
  expect(await app.evaluate(() => document.activeElement?.tagName)).toBe(before);
});

test('the shortcuts page lists every command of the palette', async ({ app }) => {
  await expect.poll(() => editorText(app, 'code-editor')).toContain('initialize_from_config');
  await app.keyboard.press('Control+Shift+P');
  const ids = await app.getByTestId('quick-pick-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  await app.keyboard.press('Escape');
  await app.keyboard.press('Control+/');
  const page = app.getByTestId('shortcuts-page');
  await expect(page).toBeVisible();
  const listed = await page.getByTestId('shortcut-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  for (const id of ids) expect(listed).toContain(id);
  await expect(page.locator('[data-id="panel.toggle"]')).toContainText('Ctrl+J');
  await app.keyboard.press('Escape');
  await expect(page).toHaveCount(0);
});

test('in browser mode Ctrl+O opens Open… (Ctrl+L is the path field), and a typed path opens', async ({ app }) => {
  await expect.poll(() => editorText(app, 'code-editor')).toContain('initialize_from_config');
  await app.keyboard.press('Control+O');
  const open = app.getByTestId('quick-pick');
  await expect(open).toHaveAttribute('aria-label', 'Open a checkpoint');
  await expect(open.getByTestId('quick-pick-item').filter({ hasText: 'DeepSeek-V3' })).toBeVisible();
  await expect(app.locator('#open-path')).not.toBeFocused();
  await app.keyboard.type(resolve('e2e/fixtures/checkpoints/tiny-llama3'));
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('Enter');
  await expect.poll(() => editorText(app, 'config-editor')).toContain('"hidden_size": 32');
  await app.keyboard.press('Control+L');
  await expect(app.locator('#open-path')).toBeFocused();
});

test('Tab indents in config.json until Ctrl+M makes it move focus, as the status bar says', async ({ app }) => {
  await expect.poll(() => editorText(app, 'config-editor')).toContain('"LlamaForCausalLM"');
  await app.getByTestId('config-editor').locator('.view-line').first().click();
  await app.keyboard.press('End');
  await expect(app.getByTestId('tab-focus-status')).toContainText('Tab indents');
  await app.keyboard.press('Tab');
  const inEditor = () => app.evaluate(() => !!document.activeElement?.closest('[data-testid="config-editor"]'));
  expect(await inEditor()).toBe(true);
  await app.keyboard.press('Control+M');
  await expect(app.getByTestId('tab-focus-status')).toHaveText('Tab moves focus');
  await app.keyboard.press('Tab');
  expect(await inEditor()).toBe(false);
  await app.keyboard.press('Control+M');
  await expect(app.getByTestId('tab-focus-status')).toHaveCount(0);
  await app.keyboard.press('Control+Z');
});

test('focus is visible on every control the keyboard reaches', async ({ app }) => {
  await expect.poll(() => editorText(app, 'code-editor')).toContain('initialize_from_config');
  await app.locator('body').click({ position: { x: 5, y: 790 } });
  const seen: string[] = [];
  for (let i = 0; i < 45; i++) {
    await app.keyboard.press('Tab');
    const focus = await app.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      if (el.closest('.monaco-editor')) return { what: 'monaco', visible: true };
      const s = getComputedStyle(el);
      const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow !== 'none' && s.boxShadow !== '');
      return { what: `${el.tagName.toLowerCase()}.${el.className || el.getAttribute('aria-label') || ''}`, visible: ring };
    });
    if (!focus) continue;
    seen.push(focus.what);
    expect(focus.visible, `${focus.what} shows where focus is`).toBe(true);
  }
  expect(new Set(seen).size).toBeGreaterThan(10);
});
