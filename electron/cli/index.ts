import { join } from 'node:path';
import { useHeaderWorker } from '../services/weights/headerWorker';
import type { CliCommand } from './command';
import { runCli, type CommandEntry } from './run';

// Each command's module (and what it imports: the Hub client, zod schemas, GGUF reader) loads only
// when that command runs, so `bringup weights` does not pay for the web server or the Hub.
const commands: CommandEntry[] = [
  { name: 'analyze', summary: 'Read config.json as transformers does and say how to port it to MAX', load: async () => (await import('./commands/analyze')).analyzeCommand },
  { name: 'generate', summary: 'Write the port: the MAX package, the serve folder and .bringup/, merging your edits on regeneration', load: async () => (await import('./commands/generate')).generateCommand },
  { name: 'status', summary: "The port's checklist, each step decided by its evidence (--strict: exit 3 unless all done)", load: async () => (await import('./commands/status')).statusCommand },
  { name: 'report', summary: 'Write the port report: Markdown and a self-contained HTML page', load: async () => (await import('./commands/report')).reportCommand },
  { name: 'weights', summary: 'Read the weight headers (never the data): tensors, config-vs-shapes checks, name map', load: async () => (await import('./commands/weights')).weightsCommand },
  { name: 'logits', summary: "Compare two logits files with MAX's metrics and thresholds (KL, cosine, MAE, top-k)", load: async () => (await import('./commands/logits')).logitsCommand },
  { name: 'cache', summary: 'List the local Hugging Face cache', load: async () => (await import('./commands/cache')).cacheCommand },
  { name: 'serve', summary: 'Start max serve for the port, stream its log, decide readiness, send a smoke request', load: async () => (await import('./commands/serve')).serveCommand },
  { name: 'doctor', summary: 'What this machine offers the port: Python, max and its version, transformers, torch, GPUs', load: async () => (await import('./commands/doctor')).doctorCommand },
  { name: 'web', summary: 'Start the browser mode (the app in any browser, on this machine by default)', load: async (): Promise<CliCommand> => (await import('./commands/web')).webCommand },
];

// Built beside this file: out/node/cli/index.js and out/node/weights/headerWorker.js.
// BRINGUP_HEADER_WORKER=off parses every header on the main thread (docs/cli.md).
useHeaderWorker(process.env.BRINGUP_HEADER_WORKER === 'off' ? null : join(__dirname, '..', 'weights', 'headerWorker.js'));

// `bringup weights DIR --json | head`: the reader went away, which ends the output, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const io = {
  out: (text: string) => void process.stdout.write(text),
  err: (text: string) => void process.stderr.write(text),
};

/**
 * A command that started processes (serve) gets a signal to end them on Ctrl+C, a kill or a closed
 * terminal; a second signal, or one it does not end within a grace period, exits at once.
 */
function signalFor(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(name);
    setTimeout(() => process.exit(130), 15_000).unref();
  };
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(name, onSignal);
  return controller.signal;
}

runCli(process.argv.slice(2), commands, io, process.env, process.cwd(), { signalFor }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bringup: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
