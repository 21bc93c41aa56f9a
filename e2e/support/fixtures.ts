import { test as base, _electron, type Page } from '@playwright/test';

export type Face = 'browser' | 'electron';

/**
 * `app` is the Bringup UI, whichever face the project drives: browser mode through the tokened
 * URL in Debian's Chromium, or the Electron app through _electron.launch where its binary exists.
 */
export const test = base.extend<{ app: Page }, { face: Face }>({
  face: ['browser', { option: true, scope: 'worker' }],
  app: async ({ face, page }, use) => {
    if (face === 'electron') {
      const electronApp = await _electron.launch({ args: ['out/main/index.js', '--no-sandbox'], env: JSON.parse(process.env.BRINGUP_APP_ENV!) as Record<string, string> });
      const window = await electronApp.firstWindow();
      await use(window);
      await electronApp.close();
      return;
    }
    await page.goto(process.env.BRINGUP_URL!);
    await use(page);
  },
});

export { expect } from '@playwright/test';

/** The visible text of a Monaco editor, with its non-breaking spaces normalised. */
export async function editorText(page: Page, testId: string): Promise<string> {
  const text = await page.getByTestId(testId).locator('.view-lines').innerText();
  return text.replace(/\u00a0/g, ' ');
}
