/**
 * Errors that cross every face: the CLI maps `bad-input` to exit 2, the IPC and HTTP transports
 * carry `code` and `message` (only those survive serialisation), the UI shows `message` as is.
 * `message` is one readable line naming the file and place (byte offset or JSON path).
 */
export type ErrorCode = 'bad-input' | 'not-found' | 'usage' | 'network' | 'auth' | 'conflict' | 'cancelled' | 'internal';

export class BringupError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'BringupError';
    this.code = code;
  }
}

export const badInput = (message: string) => new BringupError('bad-input', message);

export interface ErrorPayload { code: ErrorCode; message: string }

export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof BringupError) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: message.split('\n')[0] || 'unexpected error' };
}
