import type { WeightsReport } from '../../../shared/weights/types';
import { resolveToken, type SecretStore } from '../hub/token';
import type { ServiceOptions } from '../options';
import type { SettingsStore } from '../settings/settingsService';
import { resolveSource } from '../source/resolveSource';
import { inspectWeights } from './inspectWeights';

/** The weights step for the UI: headers only, local or remote, cross-checked against config.json. */
export function createWeightsService(options: ServiceOptions, settings: SettingsStore, secrets: SecretStore) {
  return {
    async inspect(source: string, inspectOptions?: { encoding?: string }): Promise<WeightsReport> {
      const s = await settings.get();
      const token = (await resolveToken(options.env, secrets))?.token ?? null;
      const reader = await resolveSource(source, { offline: s.offline, hubUrl: s.hubUrl ?? undefined, token, env: options.env });
      return inspectWeights(reader, { encoding: inspectOptions?.encoding, token: token ?? undefined });
    },
  };
}
