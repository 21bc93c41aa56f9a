import type { WebContents } from 'electron';

/**
 * DO NOT CHANGE without consulting Electron's security checklist. No navigation away from the
 * app, no new windows, no webviews, no permissions (camera, notifications, ...).
 */
export function applyWebContentsPolicy(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}
