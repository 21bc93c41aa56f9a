/**
 * Checks on values from config.json and the analysis before generated code embeds them. Every
 * refusal is a BringupError('bad-input') of one line naming the JSON path; no value is ever turned
 * into text with String() or a template (a JSON object with a "toString" key would throw).
 */
import { badInput } from '../errors';

/** Larger than any real model dimension, small enough for every int the graph uses. */
export const MAX_COUNT = 2 ** 31 - 1;

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
export const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A short, safe rendering of any JSON value for an error message. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

export function checkCount(value: unknown, path: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_COUNT) {
    throw badInput(`${path}: ${shown(value)} is not a positive integer up to ${MAX_COUNT}`);
  }
}

export function checkFinite(value: unknown, path: string, rule: { positive?: boolean; below?: number } = {}): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badInput(`${path}: ${shown(value)} is not a finite number`);
  if (rule.positive && value <= 0) throw badInput(`${path}: ${shown(value)} must be greater than 0`);
  if (rule.below !== undefined && value >= rule.below) throw badInput(`${path}: ${shown(value)} must be below ${rule.below}`);
}

/** The Python annotation for a value generated code may embed, or null for shapes left to comments. */
export function pythonTypeOf(value: unknown, path: string): string | null {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') {
    checkFinite(value, path);
    if (Number.isInteger(value)) {
      if (!Number.isSafeInteger(value)) throw badInput(`${path}: ${shown(value)} is out of range for an integer field`);
      return 'int';
    }
    return 'float';
  }
  if (Array.isArray(value) && value.length <= 4096) {
    if (value.length > 0 && value.every((item) => typeof item === 'string')) return 'list[str]';
    if (value.every((item) => typeof item === 'number')) {
      value.forEach((item, index) => checkFinite(item, `${path}[${index}]`));
      return value.every((item) => Number.isSafeInteger(item)) ? 'list[int]' : 'list[float]';
    }
  }
  return null;
}
