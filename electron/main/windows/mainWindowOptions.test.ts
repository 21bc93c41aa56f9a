import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from './mainWindowOptions';

describe('main window options', () => {
  it('keeps the renderer sandboxed, isolated and without Node', () => {
    const prefs = mainWindowOptions('/app/out/preload/index.js', true).webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
  });
  it('is readable at 1280x800 (the minimum fits inside it)', () => {
    const options = mainWindowOptions('/p', false);
    expect(options.minWidth).toBeLessThanOrEqual(1280);
    expect(options.minHeight).toBeLessThanOrEqual(800);
  });
});
