import { badInput } from '../errors';
import { analyzeConfigText, type AnalyzeOptions } from './analyze';
import type { ConfigAnalysis } from './types';

/**
 * config.json text as every port step needs it: parsed and analysed, or bad input naming the file
 * and line:column (invalid JSON) or saying the top level is not an object (not a checkpoint config).
 */
export function analyzeForPort(text: string, fileLabel: string, options: AnalyzeOptions = {}): { config: Record<string, unknown>; analysis: ConfigAnalysis } {
  const result = analyzeConfigText(text, fileLabel, options);
  if (!result.ok) throw badInput(result.message);
  const config: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw badInput(`${fileLabel}: the top level is not a JSON object, so this is not a checkpoint config`);
  return { config: config as Record<string, unknown>, analysis: result.analysis };
}
