import type { Page } from 'playwright-core';

/** In the page: the time (ms since navigation start) once both port-view editors show text, else false. */
const BOTH_EDITORS_SHOW_TEXT = `(() => {
  const text = (id) => document.querySelector('[data-testid="' + id + '"] .view-lines')?.textContent?.trim() ?? '';
  return text('config-editor') && text('code-editor') ? performance.now() : false;
})()`;

/**
 * Waits until both editors of the first screen (config.json and the generated model_config.py)
 * show text, and returns when that happened in the page's own clock (ms since navigation start).
 */
export async function bothEditorsShowText(page: Page, timeout = 60_000): Promise<number> {
  const handle = await page.waitForFunction(BOTH_EDITORS_SHOW_TEXT, undefined, { timeout, polling: 'raf' });
  return (await handle.jsonValue()) as number;
}
