import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** The gate itself: it must fail on what Electronegativity rates high or medium, and pass a clean app. */
const script = join(__dirname, 'electronegativity.mjs');
const work = mkdtempSync(join(tmpdir(), 'bringup-security-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'";

function project(name: string, mainTs: string): string {
  const root = join(work, name);
  mkdirSync(join(root, 'electron', 'main'), { recursive: true });
  mkdirSync(join(root, 'renderer'), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name, devDependencies: { electron: '41.7.1' } }));
  writeFileSync(join(root, 'renderer', 'index.html'), `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${CSP}" /></head><body></body></html>`);
  writeFileSync(join(root, 'electron', 'main', 'index.ts'), mainTs);
  return root;
}

const POLICY = `
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_c, _p, callback) => callback(false));
});`;

function scan(root: string) {
  const run = spawnSync(process.execPath, [script, '--root', root], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, out: run.stdout + run.stderr };
}

describe('npm run security', () => {
  it('fails on a window whose options it cannot verify or that are insecure', () => {
    const root = project('unsafe', `import { app, BrowserWindow } from 'electron';
${POLICY}
export const a = new BrowserWindow(windowOptions());
export const b = new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false } });
`);
    const { status, out } = scan(root);
    expect(status).toBe(1);
    expect(out).toMatch(/FAIL HIGH\s+CONTEXT_ISOLATION_JS_CHECK\s+electron\/main\/index\.ts:\d+/);
    expect(out).toMatch(/FAIL MEDIUM\s+SANDBOX_JS_CHECK/);
    expect(out).toMatch(/FAIL MEDIUM\s+AUXCLICK_JS_CHECK/);
    expect(out).toContain('security: FAIL');
  });

  it('passes literal secure settings, and lists a suppression with its reason', () => {
    const root = project('safe', `import { app, BrowserWindow } from 'electron';
${POLICY}
export const w = new BrowserWindow({
  webPreferences: {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    disableBlinkFeatures: 'Auxclick',
    // Reviewed: the preload exposes one typed bridge.
    preload: '/p.js', // eng-disable PRELOAD_JS_CHECK
  },
});
`);
    const { status, out } = scan(root);
    expect(out).toContain('security: pass');
    expect(status).toBe(0);
    expect(out).toMatch(/off\s+suppressed\s+PRELOAD_JS_CHECK\s+electron\/main\/index\.ts:\d+\s+\(reason: Reviewed: the preload exposes one typed bridge\.\)/);
  });
});
