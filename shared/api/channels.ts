/** Electron IPC channel names: one per service (VS Code's channel-per-service), one for events. */
export const ipcChannel = (service: string) => `bringup:${service}`;
export const IPC_EVENT_CHANNEL = 'bringup:event';
/** The app's own scheme in production builds: the UI is never loaded from file://. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://bundle`;
