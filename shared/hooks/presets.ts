/**
 * Hook presets: data that builds a hook's argument array from the port's facts, with the placeholders
 * of ./placeholders.ts for whatever is resolved at run time. One registry for every preset (serve,
 * generate, warm cache, and the logits scripts of shared/logits, added to HOOK_PRESETS in one line).
 * Flags follow reference/max-facts.md §3-4: `--custom-architectures` gets the package folder itself,
 * `--model-path` the serve folder, `--quantization-encoding` always when known (MAX cannot infer it for
 * local safetensors), `--trust-remote-code` only for a config with auto_map, `--weight-path` for weights
 * the serve folder could not link, then the project's own flags.
 */
import { LOGITS_HOOK_PRESETS, type HookPreset as LogitsHookData } from '../logits/hooks';
import type { Hook } from '../project/schema';

/** What the presets need to know about the port (electron/services/serve reads it from the port folder). */
export interface PresetContext {
  /** config.json has auto_map: transformers needs remote code to read it. */
  trustRemoteCode: boolean;
  /** Whether {encoding} will have a value (the project setting or the checkpoint dtype). */
  encodingKnown: boolean;
  /** Weight files to pass one by one (`--weight-path`), when the project records them. */
  weightPaths: readonly string[];
  /** The project's own extra flags for max serve / generate / warm-cache (settings.serveFlags). */
  extraFlags: readonly string[];
}

export interface PresetHook {
  argv: string[];
  env?: Record<string, string>;
}

export interface HookPreset<Options = Record<string, never>> {
  id: string;
  title: string;
  /** One line for the UI. */
  description: string;
  /** A server gets readiness, the smoke request and the Serve step's evidence; a command just runs to its end. */
  kind: 'server' | 'command';
  build(context: PresetContext, options?: Options): PresetHook;
}

/** The flags every `max` pipeline command of the port takes. */
function pipelineFlags(context: PresetContext): string[] {
  return [
    '--custom-architectures', '{package}',
    '--model-path', '{servePath}',
    ...(context.encodingKnown ? ['--quantization-encoding', '{encoding}'] : []),
    ...(context.trustRemoteCode ? ['--trust-remote-code'] : []),
    ...context.weightPaths.flatMap((path) => ['--weight-path', path]),
  ];
}

export interface ServePresetOptions {
  /** Serve for the logits HTTP probe: the overlap scheduler blocks logprobs (max-facts.md §5.4, §9.4). */
  logitsProbe?: boolean;
}

export const servePreset: HookPreset<ServePresetOptions> = {
  id: 'serve',
  title: 'Serve',
  description: 'max serve with the port package and its serve folder, on {port}',
  kind: 'server',
  build: (context, options = {}) => ({
    argv: [
      '{maxBin}', 'serve',
      ...pipelineFlags(context),
      '--port', '{port}',
      ...(options.logitsProbe ? ['--no-enable-overlap-scheduler', '--force'] : []),
      ...context.extraFlags,
    ],
  }),
};

export const generatePreset: HookPreset = {
  id: 'generate',
  title: 'Generate',
  description: 'max generate: one prompt through the port, printed as it streams',
  kind: 'command',
  build: (context) => ({
    argv: ['{maxBin}', 'generate', ...pipelineFlags(context), '--prompt', 'The capital of France is', '--max-new-tokens', '16', '--temperature', '0', ...context.extraFlags],
  }),
};

export const warmCachePreset: HookPreset = {
  id: 'warm-cache',
  title: 'Warm cache',
  description: 'max warm-cache: build and compile the graph only (a faster check than serving)',
  kind: 'command',
  build: (context) => ({ argv: ['{maxBin}', 'warm-cache', ...pipelineFlags(context), ...context.extraFlags] }),
};

/**
 * The logits scripts (shared/logits/hooks.ts: their argument arrays as data) as presets: a flag whose
 * value is not known here is left out, so the script uses its own default (the architecture's encoding,
 * the model's max length) instead of the run failing on an empty placeholder; remote code as serve has it.
 */
function logitsPreset(hook: LogitsHookData): HookPreset {
  return {
    id: hook.id,
    title: hook.title,
    description: `writes ${hook.produces}${hook.after ? ` (after ${hook.after})` : ''}; runs where ${hook.needs} is installed`,
    kind: 'command',
    build: (context) => {
      const argv = context.encodingKnown ? hook.argv : withoutFlag(hook.argv, '--encoding');
      return { argv: [...argv, ...(context.trustRemoteCode ? ['--trust-remote-code'] : [])], ...(hook.env ? { env: hook.env } : {}) };
    },
  };
}

const withoutFlag = (argv: readonly string[], flag: string): string[] => argv.filter((_, i) => argv[i] !== flag && argv[i - 1] !== flag);

export const HOOK_PRESETS: ReadonlyArray<HookPreset<never>> = [servePreset, generatePreset, warmCachePreset, ...LOGITS_HOOK_PRESETS.map(logitsPreset)];

export function findPreset(id: string): HookPreset<never> | null {
  return HOOK_PRESETS.find((preset) => preset.id === id) ?? null;
}

/** A project hook made from a preset (its id is the preset's id), not yet edited by the user. */
export function hookFromPreset<O>(preset: HookPreset<O>, context: PresetContext, options?: O): Hook {
  const built = preset.build(context, options);
  return { id: preset.id, title: preset.title, argv: built.argv, ...(built.env ? { env: built.env } : {}), preset: preset.id, edited: false };
}

/** Whether a hook is a server (readiness and smoke apply): its preset says so, else `max serve` in its argv. */
export function hookKind(hook: Pick<Hook, 'argv' | 'preset'>): 'server' | 'command' {
  const preset = hook.preset ? findPreset(hook.preset) : null;
  if (preset) return preset.kind;
  return hook.argv[1] === 'serve' ? 'server' : 'command';
}
