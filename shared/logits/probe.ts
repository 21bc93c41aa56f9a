/**
 * The quick logits probe through a running server, as the import-model skill's compare_layers.py does
 * (max-facts.md §5.4): POST /v1/completions with max_tokens 1, temperature 0 and logprobs 5 for each
 * prompt, read `choices[0].logprobs.token_logprobs[0]` and `top_logprobs[0]`, and compare MAX's
 * log-probability with the reference's top-1 log-probability: `rel_diff < 0.05` is ok, otherwise
 * diverged. The reference is the first step of each prompt in a reference golden file (its logits'
 * log-softmax), so no transformers is needed at probe time.
 */
import { TOP_K } from './metrics';

export const PROBE_REL_DIFF = 0.05;
/** Below this |logprob| (a probability within 0.1% of 1), the absolute difference decides instead. */
export const PROBE_ABS_FLOOR = 1e-3;
export const PROBE_LOGPROBS = TOP_K;

export interface ProbeTop {
  id: number;
  logprob: number;
  /** Decoded with the checkpoint's tokenizer.json when there is one. */
  text: string | null;
}

export interface ProbePosition {
  prompt: number;
  step: number;
  /** The prompt text sent (the prefix, for later steps). */
  sent: string;
  ref: ProbeTop[];
  max: { text: string; logprob: number; top: { token: string; logprob: number }[] };
  relDiff: number;
  absDiff: number;
  ok: boolean;
  /** Whether MAX's generated text is the reference's top-1 token (when the tokenizer could decode it). */
  sameToken: boolean | null;
}

export interface ProbeFailure {
  code: 'no-server' | 'logprobs-refused' | 'http-error' | 'bad-response';
  message: string;
  hint: string;
}

export interface ProbeResult {
  url: string;
  model: string | null;
  positions: ProbePosition[];
  ok: boolean;
  failure: ProbeFailure | null;
  /** The server flags logprobs need (LOGPROBS_PROBE_SERVE_FLAGS), said once for the UI. */
  serverFlags: readonly string[];
  detail: string;
}

export function completionBody(model: string, prompt: string): Record<string, unknown> {
  return { model, prompt, max_tokens: 1, temperature: 0.0, logprobs: PROBE_LOGPROBS, echo: false };
}

/** The reference's top-k log-probabilities of one position (log-softmax of its logits, in float64). */
export function referenceTop(logits: Float64Array, k = TOP_K): { id: number; logprob: number }[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  const lse = max + Math.log(sum);
  const ids = Array.from({ length: logits.length }, (_, i) => i);
  ids.sort((a, b) => logits[b] - logits[a] || a - b);
  return ids.slice(0, k).map((id) => ({ id, logprob: logits[id] - lse }));
}

/** MAX's answer (OpenAI completions logprobs), or why it cannot be read. */
export function readCompletion(json: unknown): { text: string; logprob: number; top: { token: string; logprob: number }[] } | string {
  const choice = (json as { choices?: unknown[] })?.choices?.[0] as { text?: unknown; logprobs?: { token_logprobs?: unknown[]; top_logprobs?: unknown[] } } | undefined;
  if (!choice) return 'the response has no choices';
  const lp = choice.logprobs;
  if (!lp || !Array.isArray(lp.token_logprobs) || typeof lp.token_logprobs[0] !== 'number') return 'the response has no logprobs.token_logprobs (was logprobs ignored, e.g. --allow-unsupported-logprobs?)';
  const topRaw = Array.isArray(lp.top_logprobs) ? lp.top_logprobs[0] : undefined;
  const top = topRaw && typeof topRaw === 'object' ? Object.entries(topRaw as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number').map(([token, logprob]) => ({ token, logprob })) : [];
  top.sort((a, b) => b.logprob - a.logprob);
  return { text: typeof choice.text === 'string' ? choice.text : '', logprob: lp.token_logprobs[0] as number, top };
}

export function judge(ref: ProbeTop[], max: ProbePosition['max']): Pick<ProbePosition, 'relDiff' | 'absDiff' | 'ok' | 'sameToken'> {
  const refLp = ref[0].logprob;
  const absDiff = Math.abs(max.logprob - refLp);
  const relDiff = refLp === 0 ? absDiff : absDiff / Math.abs(refLp);
  const sameToken = ref[0].text === null ? null : ref[0].text === max.text;
  return { relDiff, absDiff, ok: relDiff < PROBE_REL_DIFF || absDiff < PROBE_ABS_FLOOR, sameToken };
}

/** The overlap scheduler's refusal (max/python/max/serve/router/openai_routes.py:2380). */
export function isLogprobsRefusal(message: string): boolean {
  return /Log probabilities are not supported with the overlap scheduler/i.test(message);
}

export function summarise(positions: ProbePosition[]): string {
  const ok = positions.filter((p) => p.ok).length;
  const worst = positions.reduce((m, p) => Math.max(m, p.relDiff), 0);
  return `${ok} of ${positions.length} positions within ${PROBE_REL_DIFF * 100}% of the reference top-1 log-probability (worst rel_diff ${worst.toExponential(2)})`;
}
