import { z } from 'zod';

/**
 * The service contract, defined once: every method's argument schema (validated at every
 * transport boundary) lives here, its return type in `ServiceReturns` (types.ts). The Electron
 * IPC adapter, the browser-mode server, the preload bridge, the renderer client and the CLI all
 * derive from this object, so a method exists everywhere or nowhere.
 */
const source = z.string().min(1).max(4096);
const openOptions = z.object({ offline: z.boolean().optional() }).strict();

export const contract = {
  app: {
    info: z.tuple([]),
    listExamples: z.tuple([]),
    /** Desktop: the native folder dialog. Browser mode answers null (the UI asks for a path). */
    pickFolder: z.tuple([]),
  },
  checkpoint: {
    /** A folder, a config.json path, or org/name[@rev]: config.json and the file list, never weights. */
    open: z.tuple([source, openOptions.optional()]),
    openExample: z.tuple([z.string().regex(/^[a-z0-9][a-z0-9.-]{0,80}$/)]),
  },
} as const;

export type Contract = typeof contract;
export type ServiceName = keyof Contract;
export type MethodName<S extends ServiceName> = keyof Contract[S] & string;
export type MethodArgs<S extends ServiceName, M extends MethodName<S>> =
  Contract[S][M] extends z.ZodType ? z.infer<Contract[S][M]> : never;

/** Events pushed from the services to every face (download progress, cache changes, logs). */
export const eventContract = {
  onNotice: z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }),
} as const;

export type EventName = keyof typeof eventContract;
export type EventPayload<E extends EventName> = z.infer<(typeof eventContract)[E]>;

export const serviceNames = Object.keys(contract) as ServiceName[];

export function isContractMethod(service: string, method: string): boolean {
  if (!Object.prototype.hasOwnProperty.call(contract, service)) return false;
  return Object.prototype.hasOwnProperty.call(contract[service as ServiceName], method);
}
