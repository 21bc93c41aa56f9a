import type { BringupApi } from '../../shared/api/types';
import { createAppService } from './app/appService';
import { createCheckpointService } from './checkpoint/checkpointService';
import { EventBus } from './events';
import type { ServiceOptions } from './options';

export interface Services {
  api: BringupApi;
  events: EventBus;
  dispose(): void;
}

/** The composition root shared by the three faces: every service, built once. */
export function createServices(options: ServiceOptions): Services {
  const events = new EventBus();
  const api: BringupApi = {
    app: createAppService(options),
    checkpoint: createCheckpointService(options),
  };
  return { api, events, dispose() {} };
}

export type { ServiceOptions };
