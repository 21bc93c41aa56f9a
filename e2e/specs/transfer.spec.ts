import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures';
import { startMeteredServer, type MeteredServer } from '../support/meteredServer';
import { bothEditorsShowText } from '../support/firstScreen';

// Browser mode over a slow link (the SSH tunnel of the README): bytes on the wire are
// deterministic for a given build, so the budgets of issue 13 are asserted here; the time on an
// emulated 5 MB/s, 20 ms link is measured in `npm run bench`, not here.
const FIRST_LOAD_BUDGET = 3_500_000;
const REPEAT_LOAD_BUDGET = 200_000;

test.describe('browser mode transfer', () => {
  test.skip(({ face }) => face !== 'browser', 'bytes on the wire are a property of browser mode; the desktop app reads app://');

  let server: MeteredServer;
  test.beforeAll(async () => {
    // Its own data folder: a first start (the example), whatever ports other specs left in the recent list.
    const env = JSON.parse(process.env.BRINGUP_APP_ENV!) as NodeJS.ProcessEnv;
    server = await startMeteredServer({ ...env, BRINGUP_DATA_DIR: mkdtempSync(join(tmpdir(), 'bringup-e2e-transfer-')) });
  });
  test.afterAll(async () => server?.close());

  test('a first load fits in 3.5 MB and a repeat load in 200 KB', async ({ browser }) => {
    const context = await browser.newContext(); // an empty HTTP cache
    const page = await context.newPage();
    const responses: string[] = [];
    page.on('response', (r) => responses.push(`${r.status()} ${r.headers()['content-encoding'] ?? 'identity'} ${r.headers()['cache-control'] ?? '-'} ${new URL(r.url()).pathname}`));

    await page.goto(server.url);
    await bothEditorsShowText(page);
    await server.quiet();
    const first = server.take();
    const firstResponses = responses.splice(0);
    // The bundle itself, not only the small requests, went compressed and cacheable for good.
    expect(firstResponses.filter((r) => /\/assets\/index-[^/]+\.js$/.test(r))).toEqual([expect.stringMatching(/^200 (br|gzip) private, max-age=31536000, immutable /)]);
    expect(first.down, `first load: ${first.down} bytes down\n${firstResponses.join('\n')}`).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);

    await page.reload();
    await bothEditorsShowText(page);
    await server.quiet();
    const repeat = server.take();
    const repeatResponses = responses.splice(0);
    expect(repeat.down, `repeat load: ${repeat.down} bytes down\n${repeatResponses.join('\n')}`).toBeLessThan(REPEAT_LOAD_BUDGET);
    test.info().annotations.push({ type: 'bytes', description: `first load ${first.down} down / ${first.up} up; repeat load ${repeat.down} down / ${repeat.up} up` });
    await context.close();
  });
});
