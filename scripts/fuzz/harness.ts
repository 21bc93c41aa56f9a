/**
 * What a fuzz target is, and what counts as a crash. A target turns one generated input into a
 * call of the code under test; `check` looks at what came out (a value or what was thrown) and
 * returns why that breaks the code's contract, or null. Anything thrown that is not the documented
 * error (a TypeError, a RangeError, a stack overflow, a BringupError without the file and place the
 * contract promises) is a crash; so is a result that breaks the documented result type.
 */
import type fc from 'fast-check';
import { BringupError } from '../../shared/errors';

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface FuzzTarget<I = any, R = any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- the registry holds targets of every input type
  /** Short and stable: it names the target on the command line and seeds its generator. */
  name: string;
  /** What is fuzzed, for the report. */
  covers: string;
  /** Cases per CI run; the run's total is the sum over the registry. */
  cases: number;
  /** Structure-aware inputs: mutations of real corpus files, not only random bytes. */
  input: fc.Arbitrary<I>;
  /** Run once before the first case and not timed (e.g. a library the code loads on first use). */
  setup?(): Promise<unknown>;
  run(input: I): R | Promise<R>;
  /** Why this outcome breaks the contract, or null when it is a documented result or error. */
  check(outcome: Outcome<Awaited<R>>, input: I): string | null;
  /** A printable form of an input, for crash reports (bytes as base64, long text cut). */
  show?(input: I): string;
}

export function defineTarget<I, R>(target: FuzzTarget<I, R>): FuzzTarget<I, R> {
  return target;
}

/** Runs one case and classifies it: null when the contract holds, else the reason. */
export async function runCase<I, R>(target: FuzzTarget<I, R>, input: I): Promise<string | null> {
  let outcome: Outcome<Awaited<R>>;
  try {
    outcome = { ok: true, value: await target.run(input) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  return target.check(outcome, input);
}

/**
 * The contract of every reader here: bad input is a BringupError('bad-input') whose message is
 * one line that matches `place` (the file and the byte offset, line:column or JSON path).
 */
export function badInputError(error: unknown, place: RegExp): string | null {
  if (!(error instanceof BringupError)) return `threw ${describeThrown(error)}`;
  if (error.code !== 'bad-input') return `BringupError with code ${error.code}, not bad-input: ${error.message}`;
  // CR and LF break a CLI line or a log record; U+2028 inside an echoed JSON string is left alone.
  if (/[\r\n]/.test(error.message)) return `message is not one line: ${JSON.stringify(error.message)}`;
  if (!place.test(error.message)) return `message does not name the file and place (${place}): ${JSON.stringify(error.message.slice(0, 300))}`;
  return null;
}

export function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.split('\n')[0].slice(0, 300)}${error.stack ? ` (${error.stack.split('\n')[1]?.trim() ?? '?'})` : ''}`;
  return `a non-Error value ${JSON.stringify(String(error)).slice(0, 200)}`;
}

/** A value that crosses IPC and HTTP as JSON: no NaN or Infinity (they would arrive as null), no cycles, no bigint. */
export function notJsonSafe(value: unknown, path = '$', seen = new Set<object>()): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} is ${value}`;
  if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') return `${path} is a ${typeof value}`;
  if (value === null || typeof value !== 'object') return null;
  if (seen.has(value)) return `${path} is a cycle`;
  seen.add(value);
  for (const [k, v] of Object.entries(value)) {
    const bad = notJsonSafe(v, `${path}.${k}`, seen);
    if (bad) return bad;
  }
  seen.delete(value);
  return null;
}

/** The seed of a target: fixed, from its name, so that adding a target leaves the others' cases alone. */
export function seedOf(name: string, base = 0): number {
  let h = 2166136261 ^ base;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h | 0;
}

export function showBytes(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString('base64');
  return `${bytes.length} bytes, base64 ${b64.length > 400 ? `${b64.slice(0, 400)}...` : b64}`;
}

export function showText(text: string): string {
  return text.length > 400 ? `${JSON.stringify(text.slice(0, 400))}... (${text.length} chars)` : JSON.stringify(text);
}
