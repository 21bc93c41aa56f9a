import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

// Inside the repository, so that the bundle finds node_modules.
const parent = join(__dirname, '..', '..', 'out');
mkdirSync(parent, { recursive: true });
const out = mkdtempSync(join(parent, 'fuzz-selftest-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('npm run fuzz fails on a thrown TypeError, on an error without a place, and on a hang', () => {
  const run = spawnSync(process.execPath, [join(__dirname, 'run.mjs'), '--self-test', '--time-limit', '500', '--out', out], { encoding: 'utf8', timeout: 120_000 });
  expect(run.status).toBe(1);
  expect(run.stdout).toMatch(/selftest\.typeerror .* CRASH\n\s+threw TypeError: Cannot read properties of null/);
  expect(run.stdout).toMatch(/selftest\.noplace .* CRASH\n\s+message does not name the file and place/);
  expect(run.stdout).toMatch(/selftest\.hang .* HANG\n\s+case \d+ ran for more than 500 ms/);
  expect(run.stdout).toMatch(/replay: npm run fuzz -- --self-test --only selftest\.hang --path \d+/);
  expect(run.stdout).toMatch(/fuzz: \d+ cases in 3 targets, .* 2 crashes, 1 hangs/);
});
