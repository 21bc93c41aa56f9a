import type { WeightsFormat } from '../../../shared/cache/types';

/** Files that end in .bin but hold no model weights (Trainer outputs). */
const NOT_WEIGHTS = /(^|\/)(training_args|optimizer|scheduler|rng_state[^/]*)\.bin$/;

/**
 * The weight format a checkpoint's file list holds, preferring what MAX loads (safetensors, then
 * GGUF; MAX does not load .bin, max-facts.md), or null when it holds none.
 */
export function detectWeightsFormat(paths: Iterable<string>): WeightsFormat | null {
  let gguf = false;
  let bin = false;
  for (const p of paths) {
    const lower = p.toLowerCase();
    if (lower.endsWith('.safetensors')) return 'safetensors';
    if (lower.endsWith('.gguf')) gguf = true;
    else if (lower.endsWith('.bin') && !NOT_WEIGHTS.test(lower)) bin = true;
  }
  return gguf ? 'gguf' : bin ? 'bin' : null;
}
