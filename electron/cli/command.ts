import type { ParseArgsConfig } from 'node:util';

/** One flag: what node's parseArgs needs, plus the line `--help` prints for it. */
export interface CliOption {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** One line: what the flag does (shown by `bringup <command> --help`). */
  description: string;
  /** The value's placeholder in the help, for string flags (DIR, URL, N ...). */
  value?: string;
}

export type CliOptions = Record<string, CliOption>;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliContext {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  /** What followed a bare `--` on the command line, untouched (e.g. flags for `max serve`). */
  passthrough?: string[];
  io: CliIo;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM/SIGHUP: a command that started processes ends them and returns. */
  signal?: AbortSignal;
}

/** One `bringup <name>` command. `run` returns the exit code; throw BringupError('bad-input') for exit 2. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** What the positionals mean, one line each, for `--help` (e.g. SOURCE, DIR). */
  arguments?: Record<string, string>;
  options: CliOptions;
  /** Whether a bare `--` passes the rest through (`passthrough`); otherwise `--` is refused. */
  passthrough?: boolean;
  /** Whether the command ends what it started on SIGINT/SIGTERM/SIGHUP (ctx.signal) instead of dying at once. */
  handlesSignals?: boolean;
  run(ctx: CliContext): Promise<number>;
}

/** Options every checkpoint-reading command accepts (CLI-CONTRACT.md "Sources"). */
export const sourceOptions: CliOptions = {
  json: { type: 'boolean', description: 'print one JSON object (the contract in docs/cli.md) instead of the text report' },
  offline: { type: 'boolean', description: 'never reach the Hub: resolve org/name only from the local HF cache (also HF_HUB_OFFLINE=1)' },
  'hub-url': { type: 'string', value: 'URL', description: 'the Hub to ask for org/name (default: HF_ENDPOINT, else https://huggingface.co)' },
};

export const jsonOption: CliOptions = { json: sourceOptions.json };

export const strictOption: CliOptions = {
  strict: { type: 'boolean', description: 'exit 3 instead of 0 when what the command checks does not hold (for CI)' },
};

/** The options as node's parseArgs takes them (without the help text). */
export function parseArgsOptions(options: CliOptions): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(options).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]),
  );
}

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2) + '\n');
}

export const stringOption = (value: string | boolean | string[] | undefined): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** At most `limit` items, then a line that says how many were left out and where to see them. */
export function listWithLimit(items: readonly string[], limit: number, indent: string, more = '--json lists all'): string[] {
  const lines = items.slice(0, limit).map((item) => `${indent}${item}`);
  if (items.length > limit) lines.push(`${indent}... and ${items.length - limit} more (${more})`);
  return lines;
}
