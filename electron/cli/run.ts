import { parseArgs } from 'node:util';
import { BringupError } from '../../shared/errors';
import type { CliCommand, CliIo } from './command';
import { packageVersion } from './paths';

export const EXIT = { ok: 0, unexpected: 1, badInput: 2, usage: 64 } as const;

/** A command as the help lists it; its module is loaded only to run it. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CliCommand>;
}

function usageOf(commands: Array<CommandEntry | CliCommand>): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'bringup: bring a Hugging Face checkpoint up on MAX as a custom architecture',
    '',
    'Usage: bringup <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'SOURCE is a folder holding config.json, a config.json path, or org/name[@rev] (HF cache first, then the Hub).',
    'Run `bringup <command> --help` for its options. Exit codes: 0 ran, 2 bad input, 1 unexpected, 64 usage.',
    '',
  ].join('\n');
}

/** Parses argv, runs one command, maps errors to the contract's exit codes. Never prints a stack. */
export async function runCli(argv: string[], commands: Array<CommandEntry | CliCommand>, io: CliIo, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usageOf(commands));
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version') {
    io.out(`bringup ${packageVersion()}\n`);
    return EXIT.ok;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.err(`bringup: unknown command '${name}' (run bringup --help)\n`);
    return EXIT.usage;
  }
  const command = 'run' in entry ? entry : await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: ${command.usage}\n\n${command.summary}\n`);
    return EXIT.ok;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  } catch (err) {
    io.err(`bringup ${name}: ${(err as Error).message.split('\n')[0]}\nUsage: ${command.usage}\n`);
    return EXIT.usage;
  }
  try {
    return await command.run({ positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | undefined>, io, env, cwd });
  } catch (err) {
    if (err instanceof BringupError && err.code === 'usage') {
      io.err(`bringup ${name}: ${err.message}\nUsage: ${command.usage}\n`);
      return EXIT.usage;
    }
    if (err instanceof BringupError && (err.code === 'bad-input' || err.code === 'not-found' || err.code === 'auth')) {
      io.err(`bringup ${name}: ${err.message}\n`);
      return EXIT.badInput;
    }
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    io.err(`bringup ${name}: unexpected error: ${message}\n`);
    return EXIT.unexpected;
  }
}
