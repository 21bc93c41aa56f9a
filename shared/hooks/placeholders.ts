/**
 * Hook arguments are an array; an element that is exactly `{name}` is replaced by that value as one
 * whole argument (never split, never passed to a shell), anything else is literal. An unknown name is
 * an error naming the hook and the argument, so a typo never reaches the command line.
 */

export const PLACEHOLDERS = {
  maxBin: 'the `max` executable (the project setting, else PATH)',
  python: 'the Python for hooks (the doctor: your choice, a virtualenv, or PATH)',
  portDir: 'the port folder (absolute)',
  package: 'the package folder (absolute, no trailing slash: what --custom-architectures takes)',
  packageName: 'the package name',
  archName: 'the registered architecture name (arch.py)',
  servePath: 'what --model-path gets: the serve folder, else the checkpoint',
  checkpoint: "the checkpoint's folder, else its repo id",
  port: 'the HTTP port of this run (never 8001, MAX metrics port)',
  encoding: 'the quantization encoding (the project setting, else the checkpoint dtype)',
  maxLength: '--max-length (the project setting, else max_position_embeddings)',
  runDir: 'a folder for this run (.bringup/runs/<id>/), created before it starts',
} as const;

export type PlaceholderName = keyof typeof PLACEHOLDERS;
export const PLACEHOLDER_NAMES = Object.keys(PLACEHOLDERS) as PlaceholderName[];

/** A value, or why there is none (the error then says so). */
export type PlaceholderValues = { [K in PlaceholderName]?: string | { missing: string } };

export type Expansion = { ok: true; argv: string[] } | { ok: false; error: string };

const WHOLE = /^\{([A-Za-z][A-Za-z0-9]*)\}$/;

export function isPlaceholderName(name: string): name is PlaceholderName {
  return Object.hasOwn(PLACEHOLDERS, name);
}

/** The placeholders an argument array uses, in order, each once. */
export function placeholdersIn(argv: readonly string[]): string[] {
  const names: string[] = [];
  for (const arg of argv) {
    const m = WHOLE.exec(arg);
    if (m && !names.includes(m[1])) names.push(m[1]);
  }
  return names;
}

export function expandArgv(hookId: string, argv: readonly string[], values: PlaceholderValues): Expansion {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const m = WHOLE.exec(argv[i]);
    if (!m) {
      out.push(argv[i]);
      continue;
    }
    const name = m[1];
    const where = `hook '${hookId}', argument ${i + 1} (${argv[i]})`;
    if (!isPlaceholderName(name)) return { ok: false, error: `${where}: unknown placeholder; known: ${PLACEHOLDER_NAMES.map((n) => `{${n}}`).join(', ')}` };
    const value = values[name];
    if (value === undefined) return { ok: false, error: `${where}: has no value here` };
    if (typeof value !== 'string') return { ok: false, error: `${where}: has no value: ${value.missing}` };
    out.push(value);
  }
  return { ok: true, argv: out };
}
