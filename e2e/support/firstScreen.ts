import type { Page } from 'playwright-core';

/** Runs in the page (typed here without the DOM library): when both editors show text, the time since navigation start. */
function bothShowText(): number | false {
  const { document, performance } = globalThis as unknown as {
    document: { querySelector(selector: string): { textContent: string | null } | null };
    performance: { now(): number };
  };
  const text = (id: string) => document.querySelector(`[data-testid="${id}"] .view-lines`)?.textContent?.trim() ?? '';
  return text('config-editor') && text('code-editor') ? performance.now() : false;
}

/**
 * Waits until both editors of the first screen (config.json and the generated model_config.py)
 * show text, and returns when that happened in the page's own clock (ms since navigation start).
 */
export async function bothEditorsShowText(page: Page, timeout = 60_000): Promise<number> {
  const handle = await page.waitForFunction(bothShowText, undefined, { timeout, polling: 'raf' });
  return (await handle.jsonValue()) as number;
}
