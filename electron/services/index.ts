import type { BringupApi } from '../../shared/api/types';
import { createAppService } from './app/appService';
import { createCacheService } from './cache/cacheService';
import { createCheckpointService } from './checkpoint/checkpointService';
import { EventBus } from './events';
import { createHubService } from './hub/hubService';
import { createLogitsService } from './logits/logitsService';
import { memorySecretStore } from './hub/token';
import type { ServiceOptions } from './options';
import { createProjectService } from './project/projectService';
import { createSettingsStore } from './settings/settingsService';
import { createAppSources } from './source/appSources';
import { createWeightsService } from './weights/weightsService';

export interface Services {
  api: BringupApi;
  events: EventBus;
  dispose(): void;
}

/** The composition root shared by the three faces: every service, built once. */
export function createServices(options: ServiceOptions): Services {
  const events = new EventBus();
  const settings = createSettingsStore(options.dataDir);
  // Desktop keeps a typed token with safeStorage; elsewhere it lives only as long as the process.
  const secrets = options.platform?.secretStore ?? memorySecretStore();
  const cache = createCacheService(options.env, events, options.face !== 'cli');
  const sources = createAppSources(options, settings, secrets);
  const api: BringupApi = {
    app: createAppService(options),
    checkpoint: createCheckpointService(options, sources),
    weights: createWeightsService(sources),
    cache: cache.api,
    hub: createHubService(options.env, settings, secrets, events),
    project: createProjectService(sources),
    settings: { get: settings.get, update: settings.update },
    logits: createLogitsService(),
  };
  return { api, events, dispose: () => cache.dispose() };
}

export type { ServiceOptions };
