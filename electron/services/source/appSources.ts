import { resolveHubUrl } from '../hub/hubUrl';
import { tokenFor, type SecretStore } from '../hub/token';
import type { ServiceOptions } from '../options';
import type { SettingsStore } from '../settings/settingsService';
import { resolveSource } from './resolveSource';
import type { SourceReader } from './types';

/** SOURCE resolution as the app does it: with the user's settings (offline, Hub URL) and a token only a trusted Hub gets. */
export function createAppSources(options: ServiceOptions, settings: SettingsStore, secrets: SecretStore) {
  async function token(): Promise<string | null> {
    const s = await settings.get();
    return tokenFor(resolveHubUrl(s.hubUrl, options.env), options.env, secrets);
  }
  return {
    token,
    async resolve(source: string, offline?: boolean): Promise<SourceReader> {
      const s = await settings.get();
      return resolveSource(source, { offline: offline ?? s.offline, hubUrl: s.hubUrl ?? undefined, token: await token(), env: options.env, audience: options.face === 'cli' ? 'cli' : 'app' });
    },
  };
}

export type AppSources = ReturnType<typeof createAppSources>;
