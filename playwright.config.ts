import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import type { Face } from './e2e/support/fixtures';

// Browser mode in Debian's Chromium always; the Electron app too where its binary is installed
// (node_modules/electron/path.txt exists only after a successful binary download).
const electronInstalled = existsSync('node_modules/electron/path.txt');
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export default defineConfig<object, { face: Face }>({
  testDir: 'e2e/specs',
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  globalSetup: './e2e/support/globalSetup.ts',
  use: {
    viewport: { width: 1280, height: 800 },
    headless: !process.env.HEADFUL,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'browser-mode', use: { face: 'browser' as const } },
    ...(electronInstalled || process.env.BRINGUP_E2E_ELECTRON ? [{ name: 'electron', use: { face: 'electron' as const } }] : []),
  ],
});
