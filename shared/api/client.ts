import { BringupError } from '../errors';
import { contract, type EventName, type ServiceName } from './contract';
import type { Result } from './result';
import type { BringupApi, EventListener } from './types';

/** What a face must carry: one call per method, and events. Implemented by preload and browser mode. */
export interface Transport {
  call(service: string, method: string, args: unknown[]): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

export interface BringupClient {
  api: BringupApi;
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
}

/** Builds the typed API over a transport, from the contract's method lists. */
export function createClient(transport: Transport): BringupClient {
  const api = {} as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;
  for (const service of Object.keys(contract) as ServiceName[]) {
    api[service] = {};
    for (const method of Object.keys(contract[service])) {
      api[service][method] = async (...args: unknown[]) => {
        const result = await transport.call(service, method, args);
        if (!result.ok) throw new BringupError(result.error.code, result.error.message);
        return result.value;
      };
    }
  }
  return {
    api: api as unknown as BringupApi,
    on: (event, listener) => transport.on(event, listener as (p: unknown) => void),
  };
}
