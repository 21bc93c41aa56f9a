/**
 * The logits comparison as the contract defines it (CLI-CONTRACT.md `bringup logits`): what each file
 * held, the metrics of every position, per prompt and overall, the thresholds and the verdict.
 */
export type LogitsFormat = 'golden-json' | 'npy' | 'npz' | 'safetensors' | 'json';

export interface LogitsFileInfo {
  file: string;
  format: LogitsFormat;
  /** The stored element type as the file names it (float32, bfloat16, float16, float64). */
  dtype: string;
  /** The array's own shape (a golden file: [positions, vocab]). */
  shape: number[];
  positions: number;
  vocab: number;
  /** npz: the member read; safetensors: the tensor read. */
  member?: string;
  /** A golden file holding logprobs only (vLLM's), compared as log-softmax. */
  logprobs?: boolean;
}

/** The six numbers of a position, with MAX's definitions (metrics.ts). */
export interface PositionValues {
  /** KL(ref ‖ cand) on the eps-smoothed softmax (MAX's definition). */
  kl: number;
  /** KL(cand ‖ ref). */
  klRev: number;
  /** 1 − cos(ref, cand). */
  cosDist: number;
  mae: number;
  rmse: number;
  maxAbs: number;
}

export interface PositionMetrics extends PositionValues {
  index: number;
  prompt: number;
  step: number;
  refTop1: number;
  candTop1: number;
  top1Match: boolean;
  /** How many of the ref's top-5 token ids are in the cand's top-5 (0–5). */
  top5Overlap: number;
  refTop1InCandTop5: boolean;
}

/** The top-5 of each side at a position: token ids, logits and probabilities (softmax, unsmoothed). */
export interface PositionTopK {
  index: number;
  kl: number;
  ref: { ids: number[]; logits: number[]; probs: number[] };
  cand: { ids: number[]; logits: number[]; probs: number[] };
}

export interface PromptSummary {
  prompt: number;
  text: string | null;
  positions: number;
  avgKl: number;
  maxKl: number;
  avgCosDist: number;
  /** Means over the prompt's positions of the per-position values (contract). */
  mae: number;
  rmse: number;
  top1Agreement: number;
}

export interface LogitsSummary {
  positions: number;
  maxKl: number;
  meanKl: number;
  maxKlRev: number;
  maxCosDist: number;
  meanCosDist: number;
  /** Mean over all positions of the per-position MAE (contract); rmse likewise. */
  mae: number;
  rmse: number;
  maxAbs: number;
  /** Share of positions whose top-1 tokens agree. */
  top1Agreement: number;
  /** Mean share of the top-5 token ids both sides have in common (top5Overlap / 5). */
  top5Agreement: number;
  /** Share of positions where the ref's top-1 is among the cand's top-5. */
  refTop1InCandTop5: number;
  /** Where max KL was found. */
  worstIndex: number;
}

export type ThresholdSource = 'docs' | 'user' | `max:${string}`;

export interface Thresholds {
  kl: number;
  cosDist: number | null;
  source: ThresholdSource;
  /** One line: where the numbers come from (file and entry). */
  provenance?: string;
}

export interface LogitsReport {
  ref: LogitsFileInfo;
  cand: LogitsFileInfo;
  positions: PositionMetrics[];
  prompts: PromptSummary[];
  summary: LogitsSummary;
  thresholds: Thresholds;
  verdict: 'pass' | 'fail';
  why: string;
  /** Whether the cosine distance held too (reported beside the verdict, as verify.py prints it). */
  cosOk: boolean | null;
  /** The positions with the largest KL, worst first, with both sides' top-5. */
  worst: PositionTopK[];
  /** Non-fatal observations (a logprobs-only file, next_token differences ...). */
  notes: string[];
}

/** One position's logits as a reader yields it. `values` may be reused by the reader after the next call. */
export interface LogitsRow {
  index: number;
  prompt: number;
  step: number;
  values: Float64Array;
  /** A golden file's recorded next_token (the argmax the run chose), when present. */
  nextToken?: number;
}
