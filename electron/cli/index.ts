import type { CliCommand } from './command';
import { analyzeCommand } from './commands/analyze';
import { cacheCommand } from './commands/cache';
import { generateCommand } from './commands/generate';
import { webCommand } from './commands/web';
import { weightsCommand } from './commands/weights';
import { runCli } from './run';

const commands: CliCommand[] = [analyzeCommand, generateCommand, weightsCommand, cacheCommand, webCommand];

const io = {
  out: (text: string) => void process.stdout.write(text),
  err: (text: string) => void process.stderr.write(text),
};

runCli(process.argv.slice(2), commands, io, process.env, process.cwd()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bringup: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
