/** One readable line for the UI from anything a call threw (never a stack trace). */
export function errorLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0].trim() || 'unexpected error';
}
