import { editorText, expect, test } from '../support/fixtures';

/**
 * The page runs under its Content-Security-Policy (the header and the <meta> of renderer/index.html)
 * with nothing blocked: Monaco renders, its editor worker starts (config.json is coloured in the page,
 * without Monaco's JSON worker: renderer/src/editor/jsonLanguage.ts), and the browser reports no violation.
 */
test('the UI, Monaco and its workers run under the CSP without a violation', async ({ app, face }) => {
  const workers: string[] = [];
  const cspConsole: string[] = [];
  app.on('worker', (worker) => workers.push(worker.url()));
  app.on('console', (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) cspConsole.push(message.text());
  });
  // Plain JS in the page (this file is type-checked without the DOM library).
  await app.addInitScript({
    content: `window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber));`,
  });
  const response = await app.reload();

  if (face === 'browser') expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  const meta = await app.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("script-src 'self'");

  await expect.poll(() => editorText(app, 'config-editor')).toContain('"LlamaForCausalLM"');
  await expect.poll(() => editorText(app, 'code-editor')).toContain('def initialize_from_config');
  await expect.poll(() => workers.some((url) => /editor\.worker/.test(url))).toBe(true);
  // config.json is coloured by the page's own tokenizer: keys and values get the theme's JSON colours.
  await expect(app.getByTestId('config-editor').locator('.view-lines span[class^="mtk"]').first()).toBeVisible();

  expect(await app.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  expect(cspConsole).toEqual([]);
});
