/** How the CLI and the app print metric values and prompts (the same everywhere). */
import type { PromptSummary } from './types';

/** 3 significant digits; scientific below 1e-3 (where the thresholds live). */
export function formatMetric(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e4 ? String(Number(x.toPrecision(3))) : x.toExponential(2);
}

/** A prompt's text on one line, cut to `width` (or its number when the file has no text). */
export function promptLabel(p: Pick<PromptSummary, 'prompt' | 'text'>, width: number): string {
  if (p.text === null) return `prompt ${p.prompt}`;
  const flat = JSON.stringify(p.text).slice(1, -1);
  return flat.length > width ? `${flat.slice(0, width - 3)}...` : flat;
}
