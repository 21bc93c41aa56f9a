import type { WeightsReport } from '../../../shared/weights/types';
import type { AppSources } from '../source/appSources';
import { inspectWeights } from './inspectWeights';

/** The weights step for the UI: headers only, local or remote, cross-checked against config.json. */
export function createWeightsService(sources: AppSources) {
  return {
    async inspect(source: string, inspectOptions?: { encoding?: string }): Promise<WeightsReport> {
      const reader = await sources.resolve(source);
      return inspectWeights(reader, { encoding: inspectOptions?.encoding, token: (await sources.token()) ?? undefined });
    },
  };
}
