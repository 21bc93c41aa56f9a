import { BringupError, toErrorPayload } from '../errors';
import { contract, isContractMethod, type ServiceName } from './contract';
import type { Result } from './result';
import type { BringupApi } from './types';

/**
 * The server half of every transport: checks that the method is in the contract (and not an
 * Object.prototype name), validates the arguments against its schema, calls the service and
 * returns a Result. Only `code` and `message` of an error cross the boundary.
 */
export async function dispatch(api: BringupApi, service: string, method: string, args: unknown): Promise<Result<unknown>> {
  try {
    if (!isContractMethod(service, method)) throw new BringupError('usage', `unknown method ${service}.${method}`);
    const schema = contract[service as ServiceName][method as never] as { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } } };
    const parsed = schema.safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error!.issues[0];
      throw new BringupError('usage', `${service}.${method}: invalid argument ${issue.path.map(String).join('.') || '(arguments)'}: ${issue.message}`);
    }
    const impl = (api[service as ServiceName] as Record<string, (...a: unknown[]) => Promise<unknown>>)[method];
    const value = await impl(...(parsed.data as unknown[]));
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toErrorPayload(err) };
  }
}
