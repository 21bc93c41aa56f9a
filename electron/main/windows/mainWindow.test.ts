import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';

const created: BrowserWindowConstructorOptions[] = [];
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: BrowserWindowConstructorOptions) {
      created.push(options);
    }
  },
}));

const { createMainWindow } = await import('./mainWindow');

describe('main window', () => {
  it('keeps the renderer sandboxed, isolated and without Node', () => {
    createMainWindow('/app/out/preload/index.js', true);
    expect(created.at(-1)!.webPreferences).toEqual({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('is readable at 1280x800 (the minimum fits inside it) and follows the theme', () => {
    createMainWindow('/p', false);
    const options = created.at(-1)!;
    expect(options.minWidth).toBeLessThanOrEqual(1280);
    expect(options.minHeight).toBeLessThanOrEqual(800);
    expect(options.backgroundColor).toBe('#ffffff');
    expect(options.show).toBe(false);
  });
});
