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
import { Runner } from './runner/runner';
import { defaultSupervisorPath } from './runner/supervised';
import { createServeService } from './serve/serveService';
import { createSettingsStore } from './settings/settingsService';
import { createAppSources } from './source/appSources';
import { createWeightsService } from './weights/weightsService';
import { defaultHeaderWorkerPath, useHeaderWorker } from './weights/headerWorker';

export interface Services {
  api: BringupApi;
  events: EventBus;
  /** Ends what the services started (watchers; every run's process group): resolves when all are gone. */
  dispose(): Promise<void>;
}

/** The composition root shared by the three faces: every service, built once. */
export function createServices(options: ServiceOptions): Services {
  const events = new EventBus();
  const settings = createSettingsStore(options.dataDir);
  // Desktop keeps a typed token with safeStorage; elsewhere it lives only as long as the process.
  const secrets = options.platform?.secretStore ?? memorySecretStore();
  const cache = createCacheService(options.env, events, options.face !== 'cli');
  const sources = createAppSources(options, settings, secrets);
  const checkpoint = createCheckpointService(options, sources);
  useHeaderWorker(defaultHeaderWorkerPath(options.resourcesDir));
  const runner = new Runner(options.supervisor ?? { kind: 'node', path: defaultSupervisorPath(options.resourcesDir) });
  const serve = createServeService({ env: options.env, events, sources, runner, version: options.version });
  const api: BringupApi = {
    app: createAppService(options),
    checkpoint,
    weights: createWeightsService(sources),
    cache: cache.api,
    hub: createHubService(options.env, settings, secrets, events),
    project: createProjectService({ sources, settings, resourcesDir: options.resourcesDir, version: options.version, openCheckpoint: (s) => checkpoint.open(s), openExample: (id) => checkpoint.openExample(id) }),
    settings: { get: settings.get, update: settings.update },
    serve: {
      prepare: serve.prepare, start: serve.start, stop: serve.stop, status: serve.status, runs: serve.runs,
      smoke: serve.smoke, readLog: serve.readLog, readPortFile: serve.readPortFile, settings: serve.settings,
    },
    hooks: serve.hooks,
    doctor: { check: serve.doctor },
    logits: createLogitsService(),
  };
  return {
    api,
    events,
    dispose: async () => {
      cache.dispose();
      await serve.dispose();
    },
  };
}

export type { ServiceOptions };
