import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { SERVICE_NAMES } from '../../shared/api/serviceNames';
import { IPC_EVENT_CHANNEL, ipcChannel } from '../../shared/api/channels';

/**
 * The whole preload: one global, `window.bringup`, with `call` and `on`. Only the contract's
 * services and events pass; the renderer never sees ipcRenderer or an Electron event object.
 */
const services = new Set<string>(SERVICE_NAMES);

export const bridge = {
  call(service: string, method: string, args: unknown[]): Promise<unknown> {
    if (!services.has(service)) return Promise.resolve({ ok: false, error: { code: 'usage', message: `unknown service ${service}` } });
    return ipcRenderer.invoke(ipcChannel(service), method, args);
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    const wrapped = (_e: unknown, message: { event: string; payload: unknown }) => {
      if (message?.event === event) listener(message.payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => void ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
  },
  /** The filesystem path of a dropped file or folder (File.path no longer exists in Electron). */
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
};

contextBridge.exposeInMainWorld('bringup', bridge);
