import type { ErrorPayload } from '../errors';

/** What crosses a transport: only plain data survives IPC and HTTP, so errors travel as values. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };
