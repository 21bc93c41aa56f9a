import { APP_ORIGIN } from '../../../shared/api/channels';

interface SenderFrame {
  url: string;
  parent: unknown;
}

/** IPC is answered only for the app's own top-level frame: app://bundle, or the dev server in development. */
export function isTrustedSender(frame: SenderFrame | null | undefined, devServerUrl?: string): boolean {
  if (!frame || frame.parent) return false;
  let origin: string;
  try {
    origin = new URL(frame.url).origin;
  } catch {
    return false;
  }
  // URL gives 'null' as the origin of non-special schemes, so compare the scheme and host by hand.
  if (frame.url.startsWith(`${APP_ORIGIN}/`)) return true;
  if (devServerUrl) {
    try {
      return origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  return false;
}
