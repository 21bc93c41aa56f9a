import { test as base, _electron, expect, type Page } from '@playwright/test';

export type Face = 'browser' | 'electron';

/** Console errors and uncaught page errors: a spec fails on any of them (zero is the rule). */
function watchErrors(page: Page, into: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') into.push(`console.error: ${message.text()}${message.location().url ? ` (${message.location().url}:${message.location().lineNumber})` : ''}`);
  });
  page.on('pageerror', (error) => into.push(`page error: ${error.message}`));
}

/**
 * `app` is the Bringup UI, whichever face the project drives: browser mode through the tokened
 * URL in Debian's Chromium, or the Electron app through _electron.launch where its binary exists.
 * Every spec using it also asserts, at its end, that the page logged no error and threw nothing.
 */
export const test = base.extend<{ app: Page }, { face: Face }>({
  face: ['browser', { option: true, scope: 'worker' }],
  app: async ({ face, page }, use) => {
    const errors: string[] = [];
    if (face === 'electron') {
      const electronApp = await _electron.launch({ args: ['out/main/index.js', '--no-sandbox'], env: JSON.parse(process.env.BRINGUP_APP_ENV!) as Record<string, string> });
      const window = await electronApp.firstWindow();
      watchErrors(window, errors);
      await use(window);
      await electronApp.close();
    } else {
      watchErrors(page, errors);
      await forgetRecentPorts(process.env.BRINGUP_URL!);
      await page.goto(process.env.BRINGUP_URL!);
      await use(page);
    }
    expect(errors, 'the page logged errors or threw').toEqual([]);
  },
});

export { expect };

/**
 * Every spec starts as a first start (the embedded example, not the start page): the ports earlier
 * specs wrote through the shared server are forgotten from its recent list (never deleted).
 */
async function forgetRecentPorts(tokenedUrl: string): Promise<void> {
  const url = new URL(tokenedUrl);
  const call = async (method: string, args: unknown[]) => {
    const response = await fetch(new URL(`/rpc/project/${method}`, url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${url.searchParams.get('token')}` },
      body: JSON.stringify({ args }),
    });
    const result = (await response.json()) as { ok: boolean; value?: unknown };
    if (!result.ok) throw new Error(`project.${method}: ${JSON.stringify(result)}`);
    return result.value;
  };
  for (const port of (await call('recent', [])) as Array<{ dir: string }>) await call('forgetRecent', [port.dir]);
}

/** The visible text of a Monaco editor, with its non-breaking spaces normalised. */
export async function editorText(page: Page, testId: string): Promise<string> {
  const text = await page.getByTestId(testId).locator('.view-lines').innerText();
  return text.replace(/\u00a0/g, ' ');
}

/** Opens a folder, config.json or repo id through the checkpoint browser's path field. */
export async function openPath(page: Page, source: string, expectInConfig = '"model_type"'): Promise<void> {
  await page.getByTestId('tab-local').click();
  await page.getByLabel('Checkpoint path or repo id').fill(source);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect.poll(() => editorText(page, 'config-editor')).toContain(expectInConfig);
}
