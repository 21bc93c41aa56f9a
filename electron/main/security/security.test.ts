import { describe, expect, it, vi } from 'vitest';
import { isTrustedSender } from './validateSender';
import { applyWebContentsPolicy } from './webContentsPolicy';

describe('IPC sender validation', () => {
  it('trusts only the app:// top frame (and the dev server when one is set)', () => {
    expect(isTrustedSender({ url: 'app://bundle/index.html', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'app://bundle/index.html', parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'app://bundle.evil/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'https://example.com/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173/', parent: null }, 'http://localhost:5173')).toBe(true);
    expect(isTrustedSender(null)).toBe(false);
  });
});

describe('web contents policy', () => {
  it('blocks navigation, new windows, webviews and permissions', () => {
    const handlers: Record<string, (e: { preventDefault(): void }) => void> = {};
    let openHandler: (() => { action: string }) | undefined;
    let permissionRequest: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let permissionCheck: (() => boolean) | undefined;
    const contents = {
      on: (name: string, fn: (e: { preventDefault(): void }) => void) => void (handlers[name] = fn),
      setWindowOpenHandler: (fn: () => { action: string }) => void (openHandler = fn),
      session: {
        setPermissionRequestHandler: (fn: typeof permissionRequest) => void (permissionRequest = fn),
        setPermissionCheckHandler: (fn: typeof permissionCheck) => void (permissionCheck = fn),
      },
    };
    applyWebContentsPolicy(contents as never);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() };
      handlers[name](event);
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
    expect(openHandler!()).toEqual({ action: 'deny' });
    const granted = vi.fn();
    permissionRequest!(null, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(permissionCheck!()).toBe(false);
  });
});
