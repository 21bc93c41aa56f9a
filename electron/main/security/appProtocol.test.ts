import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const registered: { schemes: unknown[]; handler: ((request: Request) => Promise<Response>) | null } = { schemes: [], handler: null };

vi.mock('electron', () => ({
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => void registered.schemes.push(...schemes),
    handle: (_scheme: string, handler: (request: Request) => Promise<Response>) => void (registered.handler = handler),
  },
  net: { fetch: async (url: string) => new Response(`served ${url}`) },
}));

describe('app:// protocol', () => {
  it('registers one privileged, secure scheme', async () => {
    const { registerAppScheme } = await import('./appProtocol');
    registerAppScheme();
    expect(registered.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
  });

  it('serves the renderer build with the CSP header, and nothing outside it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bringup-app-'));
    mkdirSync(join(root, 'renderer'));
    writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html>');
    writeFileSync(join(root, 'secret.txt'), 'not for the renderer');
    const { handleAppProtocol } = await import('./appProtocol');
    handleAppProtocol(join(root, 'renderer'));
    const page = await registered.handler!(new Request('app://bundle/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-type')).toContain('text/html');
    for (const url of ['app://bundle/../secret.txt', 'app://bundle/%2e%2e/secret.txt', 'app://other/index.html', 'app://bundle/missing.js']) {
      expect((await registered.handler!(new Request(url))).status, url).toBe(404);
    }
  });
});
