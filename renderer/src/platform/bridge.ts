import { createClient, type BringupClient } from '@shared/api/client';
import { createBrowserTransport } from './browserTransport';

/**
 * The one module through which the renderer reaches the services: the Electron preload's
 * `window.bringup` on desktop, HTTP + WebSocket in browser mode. Same typed API either way.
 */
export const client: BringupClient = createClient(window.bringup ?? createBrowserTransport());
export const api = client.api;
export const isDesktop = window.bringup !== undefined;

/** Desktop only: the filesystem path of a dropped file or folder (null in browser mode, which has none). */
export function pathForFile(file: File): string | null {
  return window.bringup?.pathForFile(file) || null;
}
