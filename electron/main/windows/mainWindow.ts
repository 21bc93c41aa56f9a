import { BrowserWindow } from 'electron';

/**
 * The app's only BrowserWindow. DO NOT relax these without reading Electron's security checklist:
 * the renderer is sandboxed, isolated, without Node, and reaches the services only through the
 * preload's `window.bringup`.
 *
 * The options stay one object literal at the `new BrowserWindow` call, so that Electronegativity
 * (`npm run security`) reads the real settings instead of a helper it cannot follow.
 */
export function createMainWindow(preloadPath: string, dark: boolean): BrowserWindow {
  return new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Bringup',
    backgroundColor: dark ? '#1e1e1e' : '#ffffff',
    webPreferences: {
      // Electronegativity flags every preload for review (PRELOAD_JS_CHECK, medium). Reviewed: this one
      // exposes only window.bringup { call, on, pathForFile }: no ipcRenderer, no Electron event, no
      // service outside the contract (proved by electron/preload/preload.test.ts).
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK
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
    },
  });
}
