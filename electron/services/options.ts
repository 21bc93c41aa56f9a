import type { SupervisorChoice } from './runner/supervised';
import type { SecretStore } from './hub/token';

/** What every face tells the services about where they run. */
export interface ServiceOptions {
  face: 'desktop' | 'browser' | 'cli';
  /** Folder holding kb/ and examples/. */
  resourcesDir: string;
  /** Folder for settings and state (Electron's userData, or ~/.config/bringup elsewhere). */
  dataDir: string;
  env: Record<string, string | undefined>;
  version: string;
  /** A SOURCE to open when the UI starts (`--open PATH`). */
  openOnStart?: string | null;
  /** What only a desktop face can do. */
  platform?: PlatformHooks;
  /**
   * How hook processes are supervised (default: the Node supervisor, out/node/runner/supervisor.js
   * beside the resources folder; the desktop app passes the shell watchdog, as its packaged binary
   * cannot run as Node).
   */
  supervisor?: SupervisorChoice;
}

export interface PlatformHooks {
  pickFolder?(): Promise<string | null>;
  /** Where a token the user types is kept (Electron: safeStorage). */
  secretStore?: SecretStore;
}
