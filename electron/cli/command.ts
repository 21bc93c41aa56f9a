import type { ParseArgsConfig } from 'node:util';

export type CliOptions = NonNullable<ParseArgsConfig['options']>;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliContext {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
  io: CliIo;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** One `bringup <name>` command. `run` returns the exit code; throw BringupError('bad-input') for exit 2. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  options: CliOptions;
  run(ctx: CliContext): Promise<number>;
}

/** Options every checkpoint-reading command accepts (CLI-CONTRACT.md "Sources"). */
export const sourceOptions: CliOptions = {
  json: { type: 'boolean' },
  offline: { type: 'boolean' },
  'hub-url': { type: 'string' },
};

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2) + '\n');
}
