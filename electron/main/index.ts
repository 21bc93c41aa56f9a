import { app, BrowserWindow, ipcMain, nativeTheme } from 'electron';
import { createServices, type Services } from '../services';
import { appPaths } from './appPaths';
import { registerIpc, forwardEvents } from './ipc/registerIpc';
import { pickFolder } from './platform/pickFolder';
import { safeStorageSecretStore } from './platform/safeStorageSecrets';
import { handleAppProtocol, registerAppScheme } from './security/appProtocol';
import { applyWebContentsPolicy } from './security/webContentsPolicy';
import { createMainWindow } from './windows/mainWindow';
import { openArgument } from './startupArgs';
import { APP_ORIGIN } from '../../shared/api/channels';

// Lifecycle only: the services are built by createServices, the window by windows/mainWindow.
// Only an unpackaged (development) build may load and trust electron-vite's dev server.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const paths = appPaths(__dirname, app.isPackaged ? { resourcesPath: process.resourcesPath } : null);

app.enableSandbox();
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let services: Services | null = null;

  app.on('web-contents-created', (_event, contents) => applyWebContentsPolicy(contents));
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  app.whenReady().then(() => {
    services = createServices({
      face: 'desktop',
      resourcesDir: paths.resourcesDir,
      dataDir: app.getPath('userData'),
      env: process.env,
      version: app.getVersion(),
      openOnStart: openArgument(process.argv),
      platform: { pickFolder: () => pickFolder('Choose a folder'), secretStore: safeStorageSecretStore(app.getPath('userData')) },
      // The packaged binary has the RunAsNode fuse off, so it cannot run supervisor.js as Node.
      supervisor: { kind: 'shell' },
    });
    handleAppProtocol(paths.rendererDir);
    registerIpc(ipcMain, services, devServerUrl);
    createWindow(services);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0 && services) createWindow(services);
    });
  });

  app.on('window-all-closed', () => {
    // Running hooks are stopped (SIGINT first, so max serve shuts down cleanly) before the app exits.
    const stopped = services?.dispose() ?? Promise.resolve();
    if (process.platform !== 'darwin') void stopped.finally(() => app.quit());
  });
}

function createWindow(services: Services): void {
  const window = createMainWindow(paths.preload, nativeTheme.shouldUseDarkColors);
  const stopEvents = forwardEvents(services, window.webContents);
  window.on('closed', stopEvents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
}
