/// <reference lib="dom" />
// (DOM types for the code these specs run in the page with evaluate.)
import { resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { editorText, expect, openPath, test } from '../support/fixtures';

// Layout and reading at the sizes people use: every panel usable at 1280×800, nothing covered, cut
// text always available in full. The fixture also fails each spec on any console or page error.
const tinyLlama = resolve('e2e/fixtures/checkpoints/tiny-llama3');

const box = async (l: Locator) => (await l.boundingBox())!;

/** The element at a point, as a test id / data-tab / class, to say what covers what. */
async function hitAt(page: Page, x: number, y: number): Promise<string> {
  return page.evaluate(([px, py]) => {
    const el = document.elementFromPoint(px, py);
    return el ? `${el.getAttribute('data-tab') ?? ''}|${el.closest('[data-tab]')?.getAttribute('data-tab') ?? ''}|${el.className}` : 'nothing';
  }, [x, y]);
}

for (const size of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
  test(`generated-file tabs at ${size.width}×${size.height}: each one is in view, uncovered, or in the menu; controls never cover them`, async ({ app }) => {
    await app.setViewportSize(size);
    await expect.poll(() => editorText(app, 'code-editor')).toContain('initialize_from_config');
    const tabs = app.getByTestId('file-tab');
    const names = await tabs.allInnerTexts();
    expect(names).toEqual(['__init__.py', 'arch.py', 'model_config.py', 'model.py', 'weight_adapters.py', 'PORTING.md']);
    const select = await box(app.getByLabel('MAX version to generate for'));
    const write = await box(app.getByTestId('write-package'));

    for (const name of names) {
      // Reach each file: directly when its tab is fully in view, else through the "+N" menu.
      const tab = tabs.filter({ hasText: name });
      const strip = await box(app.locator('.file-tabs .tabstrip-scroll'));
      const t = await box(tab);
      const fullyInView = t.x >= strip.x - 0.5 && t.x + t.width <= strip.x + strip.width + 0.5;
      if (fullyInView) await tab.click();
      else {
        await app.getByTestId('tabs-more').click();
        await app.getByTestId('tabs-menu').getByRole('menuitem', { name }).click();
      }
      await expect(tab).toHaveAttribute('aria-selected', 'true');
      // The active tab is entirely in view and nothing is drawn over it, at its centre or its ends.
      const active = await box(tab);
      const now = await box(app.locator('.file-tabs .tabstrip-scroll'));
      expect(active.x).toBeGreaterThanOrEqual(now.x - 0.5);
      expect(active.x + active.width).toBeLessThanOrEqual(now.x + now.width + 0.5);
      for (const x of [active.x + 3, active.x + active.width / 2, active.x + active.width - 3]) {
        expect(await hitAt(app, x, active.y + active.height / 2)).toContain(name);
      }
      for (const control of [select, write]) expect(active.x + active.width <= control.x || active.x >= control.x + control.width).toBe(true);
    }
  });
}

test('the checklist rail cuts a long text at a whole line and keeps all of it in the tooltip; no state is said twice', async ({ app }) => {
  await expect.poll(() => editorText(app, 'code-editor')).toContain('initialize_from_config');
  for (const step of await app.locator('.checklist .step').all()) {
    const summary = step.locator('.step-summary');
    const text = await summary.innerText();
    const title = (await step.getAttribute('title'))!;
    expect(title).toContain(text.replace(/…$/, ''));
    expect(text.toLowerCase()).not.toMatch(/not built yet: not built yet|max-facts/);
    const { height, lineHeight } = await summary.evaluate((el) => ({ height: el.clientHeight, lineHeight: parseFloat(getComputedStyle(el).lineHeight) }));
    expect(height % lineHeight, `${title}: the clamp shows whole lines`).toBe(0);
  }
});

test('splitters have a grab area wider than their line, and panes keep their minimum sizes', async ({ app }) => {
  await expect.poll(() => editorText(app, 'code-editor')).toContain('initialize_from_config');
  const handle = app.getByTestId('splitter-port.split');
  const b = await box(handle);
  expect(b.width).toBeLessThanOrEqual(2);
  for (const dx of [-4, 4]) {
    const hit = await app.evaluate(([x, y]) => document.elementFromPoint(x, y)?.getAttribute('data-testid'), [b.x + b.width / 2 + dx, b.y + b.height / 2]);
    expect(hit, `grab area ${dx} px from the line`).toBe('splitter-port.split');
  }
  // Dragging far to the left stops where config.json keeps its minimum width.
  await app.mouse.move(b.x + 3, b.y + 200);
  await app.mouse.down();
  await app.mouse.move(0, b.y + 200, { steps: 5 });
  await app.mouse.up();
  const config = await box(app.getByTestId('config-editor'));
  expect(config.width).toBeGreaterThanOrEqual(255);
  await handle.dblclick(); // back to the default split
});

test('at 1280×800 the bottom panel shows a useful number of tensor rows, and the status bar never overflows', async ({ app }) => {
  await openPath(app, tinyLlama);
  await app.getByRole('tab', { name: 'Weights' }).click();
  await expect(app.getByTestId('tensor-count')).toContainText('21 tensors');
  const rows = await app.getByTestId('tensor-table').locator('.tt-scroll .tt-row').evaluateAll((els) => {
    const scroller = els[0]?.closest('.tt-scroll')?.getBoundingClientRect();
    return els.filter((e) => scroller && e.getBoundingClientRect().bottom <= scroller.bottom + 1).length;
  });
  expect(rows).toBeGreaterThanOrEqual(8);
  const bar = app.locator('.statusbar');
  expect(await bar.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await expect(app.getByTestId('status-checkpoint')).toHaveText('tiny-llama3');
  await expect(app.getByTestId('status-checkpoint')).toHaveAttribute('title', tinyLlama);
});

test('the parameters chart draws one label per component and its whole legend', async ({ app }) => {
  await openPath(app, tinyLlama);
  await app.getByRole('tab', { name: 'Weights' }).click();
  await app.getByRole('tab', { name: 'Chart' }).click();
  const canvas = app.getByTestId('params-chart').locator('canvas');
  const components = await app.locator('.pc-table tbody tr').count();
  expect(components).toBeGreaterThanOrEqual(4);
  await expect(canvas).toHaveAttribute('data-labels', String(components));
});

test('config.json is calm by default: categories in the gutter and on hover, inline words on request', async ({ app }) => {
  await expect.poll(() => editorText(app, 'config-editor')).toContain('"LlamaForCausalLM"');
  const editor = app.getByTestId('config-editor');
  await expect(editor.locator('.cat-glyph').first()).toBeAttached();
  await expect(editor.locator('[class*="-after"]')).toHaveCount(0);
  expect(await editor.locator('.view-lines span').evaluateAll((spans) => spans.filter((s) => getComputedStyle(s).textDecorationLine.includes('underline')).length)).toBe(0);
  await app.getByTestId('inline-labels').click();
  await expect(editor.locator('[class*="ann-dimension-after"]').first()).toBeAttached();
  await app.getByTestId('inline-labels').click();
  await expect(editor.locator('[class*="-after"]')).toHaveCount(0);
});

test('broken JSON keeps the last good package, dimmed, with the error above it; replacing the text raises no error', async ({ app }) => {
  await expect.poll(() => editorText(app, 'code-editor')).toContain('initialize_from_config');
  await app.getByTestId('config-editor').locator('.view-lines').click();
  await app.keyboard.press('Control+A');
  // One multi-character insertion (as an IME commit or dictation delivers it) over the whole text.
  await app.keyboard.insertText('{"architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3", "hidden_size": 1024,\n "num_attention_heads": 16}');
  await expect.poll(() => editorText(app, 'code-editor')).toContain('Qwen3ForCausalLM');
  await app.keyboard.press('Control+A');
  await app.keyboard.insertText('{"architectures": [');
  await expect(app.getByTestId('stale-banner')).toContainText('config.json:1:');
  await expect(app.getByTestId('code-editor')).toHaveAttribute('data-stale', 'true');
  await expect.poll(() => editorText(app, 'code-editor')).toContain('Qwen3ForCausalLM');
  await app.getByRole('tab', { name: /^Problems/ }).click();
  const problem = app.getByTestId('problems').locator('.problem');
  await expect(problem).toHaveCount(1);
  await expect(problem.locator('.problem-meta')).toContainText('config.json 1:');
  expect((await box(problem.locator('.problem-message'))).width).toBeGreaterThan(300);
  await problem.click(); // reveals the place in config.json and focuses it
  await app.keyboard.press('Control+Z');
  await expect(app.getByTestId('code-editor')).toHaveAttribute('data-stale', 'false');
});

test('PORTING.md reads as Markdown; the serve step gives the whole command to copy', async ({ app }) => {
  await expect.poll(() => editorText(app, 'code-editor')).toContain('initialize_from_config');
  await app.getByTestId('step-serve').click();
  const preview = app.getByTestId('markdown-preview');
  await expect(preview.locator('h1')).toContainText('Porting LlamaForCausalLMPort to MAX');
  await expect(preview.locator('input[type=checkbox]').first()).toBeDisabled();
  expect(await preview.innerText()).not.toMatch(/\\[[\]_*`]/);
  const command = app.getByTestId('serve-command');
  await expect(command).toContainText('max serve --model-path');
  await expect(command).toContainText('--quantization-encoding bfloat16');
  // The command PORTING.md gives (its code span in the rendered preview): every flag of it is in the copyable one.
  const portingServe = await preview.locator('code', { hasText: /^max serve / }).first().innerText();
  for (const flag of portingServe.split(' ').filter((a) => a.startsWith('--'))) await expect(command).toContainText(flag);
  await expect(app.getByTestId('copy-serve-command')).toBeVisible();
});
