/** What the logits service returns (shared/api/types.ts ServiceReturns['logits']). */
import type { LogitsReport } from './types';

export interface LogitsCompareResult {
  report: LogitsReport;
  /** The port folder the result was recorded in as validate-logits evidence, or null. */
  recordedIn: string | null;
}

export interface LogitsTokens {
  /** The tokenizer.json used, or null when there is none (tokens then read `#id`). */
  tokenizer: string | null;
  kind: 'byte-level' | 'sentencepiece' | 'plain' | null;
  tokens: string[];
}

export interface LogitsScriptsReport {
  written: string[];
  merged: string[];
  skipped: string[];
  conflicts: { path: string; newPath: string }[];
}
