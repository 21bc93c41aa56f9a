import { parseArgs } from 'node:util';
import { BringupError } from '../../shared/errors';
import { parseArgsOptions, type CliCommand, type CliIo } from './command';
import { packageVersion } from './paths';

/** CLI-CONTRACT.md "Exit codes" (3: ran, and what it checks did not hold). */
export const EXIT = { ok: 0, unexpected: 1, badInput: 2, notMet: 3, usage: 64 } as const;

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
    'Run `bringup <command> --help` for its options.',
    'Exit codes: 0 ran, 2 bad input, 3 ran and what it checks did not hold, 1 unexpected, 64 usage.',
    '',
  ].join('\n');
}

/** `bringup <command> --help`: usage, summary, each argument and flag with its one-line description. */
export function commandHelp(command: CliCommand): string {
  const flags = Object.entries(command.options).map(([name, o]) => [`${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`, o.description + (o.multiple ? ' (repeatable)' : '')]);
  flags.push(['-h, --help', 'show this help']);
  const args = Object.entries(command.arguments ?? {});
  const width = Math.max(...[...flags, ...args].map(([left]) => left.length));
  const rows = (pairs: string[][]) => pairs.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
  return [
    `Usage: ${command.usage}`,
    '',
    command.summary,
    ...(args.length ? ['', 'Arguments:', ...rows(args)] : []),
    '',
    'Options:',
    ...rows(flags),
    '',
  ].join('\n');
}

/** node's parseArgs messages, as one line a user can act on. */
function usageMessage(err: Error, name: string): string {
  const text = err.message.split('\n')[0];
  const unknown = /^Unknown option '([^']+)'/.exec(text);
  if (unknown) return `unknown option ${unknown[1]} (run bringup ${name} --help)`;
  const missing = /^Option '([^' ]+)[^']*' argument missing/.exec(text);
  if (missing) return `${missing[1]} needs a value`;
  const notString = /^Option '([^' ]+)[^']*' argument ambiguous/.exec(text);
  if (notString) return `${notString[1]} needs a value (use ${notString[1]}=VALUE for one that starts with '-')`;
  const positional = /^Unexpected argument '([^']+)'/.exec(text);
  if (positional) return `unexpected argument ${positional[1]}`;
  return text.replace(/\.$/, '');
}

/** Parses argv, runs one command, maps errors to the contract's exit codes. Never prints a stack. */
export interface RunOptions {
  /** For a command that ends what it started on a signal (`handlesSignals`): the signal to give it. */
  signalFor?(command: CliCommand): AbortSignal | undefined;
}

export async function runCli(argv: string[], commands: Array<CommandEntry | CliCommand>, io: CliIo, env: NodeJS.ProcessEnv, cwd: string, options: RunOptions = {}): Promise<number> {
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
  const dashDash = rest.indexOf('--');
  const own = dashDash === -1 ? rest : rest.slice(0, dashDash);
  const passthrough = dashDash === -1 ? [] : rest.slice(dashDash + 1);
  if (own.includes('--help') || own.includes('-h')) {
    io.out(commandHelp(command));
    return EXIT.ok;
  }
  const usage = (message: string) => {
    io.err(`bringup ${name}: ${message}\nUsage: ${command.usage}\n`);
    return EXIT.usage;
  };
  if (dashDash !== -1 && !command.passthrough) return usage(`'--' is not taken here (run bringup ${name} --help)`);
  let parsed;
  try {
    parsed = parseArgs({ args: own, options: parseArgsOptions(command.options), allowPositionals: true, strict: true });
  } catch (err) {
    return usage(usageMessage(err as Error, name));
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  // With --json a failure is a JSON object on stdout too, so a script never parses an empty output.
  const fail = (code: number, kind: string, message: string) => {
    io.err(`bringup ${name}: ${message}\n`);
    if (values.json === true) io.out(JSON.stringify({ error: { code: kind, exitCode: code, message } }, null, 2) + '\n');
    return code;
  };
  try {
    const signal = command.handlesSignals ? options.signalFor?.(command) : undefined;
    return await command.run({ positionals: parsed.positionals, values, passthrough, io, env, cwd, signal });
  } catch (err) {
    if (err instanceof BringupError && err.code === 'usage') return usage(err.message);
    if (err instanceof BringupError && (err.code === 'bad-input' || err.code === 'not-found' || err.code === 'auth')) return fail(EXIT.badInput, err.code, err.message);
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return fail(EXIT.unexpected, 'internal', `unexpected error: ${message}`);
  }
}
