/**
 * The logits hooks as presets (shared/project/schema.ts `hookSchema`: argument arrays whose elements
 * may be whole-argument placeholders, run with the port folder as the working directory). The serve
 * engineer's preset registry takes them as data; the runner substitutes `{python}`, `{servePath}`,
 * `{package}`, `{checkpoint}`, `{encoding}`, `{maxLength}`.
 *
 * Order: MAX first (greedy, its own tokens), then the reference teacher-forced on MAX's tokens and
 * prompts, as the docs' logit_comparison.py does. Both write to stable paths under `logits/`, so the
 * app compares the latest pair and the reference hook finds MAX's output.
 */
import { MAX_OUTPUT, MAX_SCRIPT, REFERENCE_OUTPUT, REFERENCE_SCRIPT } from './scripts';

export interface HookPreset {
  id: string;
  title: string;
  argv: string[];
  env?: Record<string, string>;
  preset: string;
  /** What the hook writes, relative to the port (for the app to compare afterwards). */
  produces: string;
  /** A hook that must have run first (its output is an input here). */
  after?: string;
  /** Where it must run: the machine with this Python package (the GPU box, through browser mode). */
  needs: string;
}

export const MAX_LOGITS_HOOK: HookPreset = {
  id: 'max-logits',
  title: 'MAX logits (the port in-process, greedy)',
  argv: ['{python}', MAX_SCRIPT, '--model-path', '{servePath}', '--custom-architectures', '{package}', '--encoding', '{encoding}', '--max-length', '{maxLength}', '--out', MAX_OUTPUT],
  preset: 'max-logits',
  produces: MAX_OUTPUT,
  needs: 'max (modular)',
};

export const REFERENCE_LOGITS_HOOK: HookPreset = {
  id: 'reference-logits',
  title: "Reference logits (transformers, teacher-forced on MAX's tokens)",
  argv: ['{python}', REFERENCE_SCRIPT, '--model', '{checkpoint}', '--max-logits', MAX_OUTPUT, '--out', REFERENCE_OUTPUT],
  preset: 'reference-logits',
  produces: REFERENCE_OUTPUT,
  after: 'max-logits',
  needs: 'torch, transformers',
};

export const LOGITS_HOOK_PRESETS: HookPreset[] = [MAX_LOGITS_HOOK, REFERENCE_LOGITS_HOOK];

/**
 * The HTTP logprobs probe needs a server that answers logprobs: with the overlap scheduler on (the
 * default for text generation on GPU), MAX refuses any request asking for them
 * (max/python/max/serve/router/openai_routes.py:2366-2385), and turning it off needs `--force`, which
 * skips the auto-enable (max-facts.md §5.4, §9.4). The Serve preset adds these when the probe is asked for.
 */
export const LOGPROBS_PROBE_SERVE_FLAGS = ['--no-enable-overlap-scheduler', '--force'] as const;
