import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { contract } from '../../../shared/api/contract';
import { IPC_EVENT_CHANNEL, ipcChannel } from '../../../shared/api/channels';
import { dispatch } from '../../../shared/api/dispatch';
import type { Services } from '../../services';
import { isTrustedSender } from '../security/validateSender';

/**
 * One validated channel per service. Every call is checked for its sender (the app's own top
 * frame), then dispatched: unknown methods and arguments that fail the contract's schema are
 * refused with a Result error, never thrown (only `message` would survive a throw).
 */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, services: Services, devServerUrl?: string): void {
  for (const service of Object.keys(contract)) {
    ipcMain.handle(ipcChannel(service), async (event: IpcMainInvokeEvent, method: unknown, args: unknown) => {
      if (!isTrustedSender(event.senderFrame, devServerUrl)) {
        return { ok: false, error: { code: 'auth', message: 'refused: IPC from an untrusted frame' } };
      }
      return dispatch(services.api, service, String(method), args);
    });
  }
}

/** Forwards service events to a window's renderer. */
export function forwardEvents(services: Services, contents: WebContents): () => void {
  return services.events.subscribe((event, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, { event, payload });
  });
}
