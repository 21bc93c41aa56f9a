import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { BringupError } from '../../../shared/errors';
import { describeHolder, formatMs } from '../../../shared/serve/format';
import type { RunStatus, ServeFailure } from '../../../shared/serve/types';
import { EventBus } from '../../services/events';
import { memorySecretStore } from '../../services/hub/token';
import { Runner } from '../../services/runner/runner';
import { defaultSupervisorPath } from '../../services/runner/supervised';
import { createServeService } from '../../services/serve/serveService';
import { createSettingsStore } from '../../services/settings/settingsService';
import { createAppSources } from '../../services/source/appSources';
import { printJson, stringOption, type CliCommand, type CliIo } from '../command';
import { EXIT } from '../run';
import { packageRoot, packageVersion } from '../paths';

type Until = 'ready' | 'smoke' | 'exit';

/** `bringup serve DIR [--max PATH] [--port N] [--smoke] [--until ready|smoke|exit] [--timeout S] [--json] [-- MAX_ARGS...]` (CLI-CONTRACT.md). */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: "Start max serve for the port, stream its log, decide readiness, send a smoke request",
  usage: 'bringup serve DIR [--max PATH] [--port N] [--smoke] [--until ready|smoke|exit] [--timeout S] [--json] [-- MAX_ARGS...]',
  arguments: { DIR: 'the port folder (made by `bringup generate SOURCE --out DIR`)', MAX_ARGS: 'after --: passed to max serve as given, after the port\'s own flags' },
  options: {
    max: { type: 'string', value: 'PATH', description: 'the max executable (default: the project setting, else PATH)' },
    port: { type: 'string', value: 'N', description: "the HTTP port (default: 8000 if free, else a free one; never 8001, MAX's metrics port)" },
    smoke: { type: 'boolean', description: 'after readiness, send one short streamed request and report its text, time to first token and tokens/s' },
    until: { type: 'string', value: 'WHEN', description: 'stop the server once ready, after the smoke request, or keep it until it exits or Ctrl+C (default: ready with --json, else exit)' },
    timeout: { type: 'string', value: 'S', description: 'seconds to wait for readiness before giving up (default 600)' },
    json: { type: 'boolean', description: 'print one JSON object at the end (the contract in docs/cli.md); the log still goes to .bringup/runs/' },
  },
  passthrough: true,
  handlesSignals: true,
  async run({ positionals, values, passthrough, io, env, cwd, signal }) {
    const [dirArg, ...rest] = positionals;
    if (!dirArg) throw new BringupError('usage', 'DIR is required');
    if (rest.length) throw new BringupError('usage', `unexpected argument ${rest[0]} (flags for max go after --)`);
    const json = values.json === true;
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new BringupError('usage', `--port ${String(values.port)}: not a port number`);
    const timeoutS = values.timeout === undefined ? 600 : Number(values.timeout);
    if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new BringupError('usage', `--timeout ${String(values.timeout)}: not a number of seconds`);
    const untilGiven = stringOption(values.until);
    if (untilGiven && !['ready', 'smoke', 'exit'].includes(untilGiven)) throw new BringupError('usage', `--until ${untilGiven}: one of ready, smoke, exit`);
    const wantSmoke = values.smoke === true || untilGiven === 'smoke';
    if (untilGiven === 'ready' && values.smoke === true) throw new BringupError('usage', '--smoke sends its request after readiness: use --until smoke or --until exit');
    const until: Until = (untilGiven as Until | undefined) ?? (json ? (wantSmoke ? 'smoke' : 'ready') : 'exit');

    const root = packageRoot();
    const resourcesDir = join(root, 'resources');
    const dataDir = env.BRINGUP_DATA_DIR ?? join(homedir(), '.config', 'bringup');
    const options = { face: 'cli' as const, resourcesDir, dataDir, env, version: packageVersion(root) };
    const events = new EventBus();
    const sources = createAppSources(options, createSettingsStore(dataDir), memorySecretStore());
    const serve = createServeService({ env, events, sources, runner: new Runner({ kind: 'node', path: defaultSupervisorPath(resourcesDir) }), version: options.version });
    const note = (line: string) => (json ? undefined : io.err(`bringup: ${line}\n`));

    let shownPhases = 0;
    events.subscribe((event, payload) => {
      if (event === 'onRunOutput' && !json) io.out((payload as { text: string }).text);
      if (event === 'onRunStatus') {
        const status = payload as RunStatus;
        for (const phase of status.phases.slice(shownPhases)) note(`${phase.label} (+${formatMs(phase.atMs)})`);
        shownPhases = status.phases.length;
      }
    });

    const absolute = resolve(cwd, dirArg);
    const started = await serve.start(absolute, { port, timeoutS, extraArgs: passthrough ?? [], ...(stringOption(values.max) ? { maxBin: stringOption(values.max) } : {}) });
    if (started.failure && started.pid === null) {
      // Checked before starting (the port): nothing runs.
      reportFailure(io, json, started.failure);
      if (json) printJson(io, { port: absolute, argv: started.argv, pid: null, httpPort: started.httpPort, ready: false, readyAfterMs: null, url: null, health: null, servedModel: null, smoke: null, failure: started.failure, log: null, exitCode: null, runId: started.runId });
      return EXIT.notMet;
    }
    note(`${started.argv.join(' ')}`);
    note(`log: ${started.log}`);

    const aborted = new Promise<'aborted'>((resolve) => {
      if (signal?.aborted) return resolve('aborted');
      signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
    });
    const outcome = await Promise.race([serve.settled(started.runId), aborted]);
    let byUser = outcome === 'aborted';
    let status: RunStatus = outcome === 'aborted' ? await serve.stop(started.runId) : outcome;

    if (!byUser && status.ready) {
      note(`ready on ${status.url} after ${formatMs(status.readyAfterMs)} (served model: ${status.servedModel ?? 'unknown'})`);
      if (wantSmoke) {
        const smoke = await Promise.race([serve.smoke(started.runId), aborted]);
        if (smoke === 'aborted') byUser = true;
        else if (smoke.ok) note(`smoke (${smoke.api}): "${smoke.text}" — ${smoke.completionTokens} tokens, first after ${formatMs(smoke.ttftMs)}, ${smoke.tokensPerSecond ?? '–'} tokens/s`);
        else note(`smoke request failed: ${smoke.error}`);
      }
      if (until === 'exit' && !byUser) {
        const end = await Promise.race([serve.finished(started.runId), aborted]);
        byUser = end === 'aborted';
      }
      status = await serve.stop(started.runId);
    } else if (!byUser) {
      status = await serve.finished(started.runId);
    }
    if (status.failure && !byUser) reportFailure(io, json, status.failure);
    if (status.stop) note(`stopped by ${status.stop.signal ?? 'itself'} in ${formatMs(status.stop.tookMs)}`);
    await serve.dispose();
    if (json) printJson(io, await serve.cliResult(started.runId));

    const smokeOk = !wantSmoke || status.smoke?.ok === true;
    if (!status.ready) return EXIT.notMet;
    if (until === 'exit') return !byUser || status.failure ? EXIT.notMet : EXIT.ok;
    return smokeOk ? EXIT.ok : EXIT.notMet;
  },
};

function reportFailure(io: CliIo, json: boolean, failure: ServeFailure): void {
  if (json) return;
  const lines = [`bringup: not ready: ${failure.code} (fix in: ${failure.step})`, `  ${failure.line}`, `  ${failure.hint}`];
  if (failure.packageFrame) lines.push(`  at ${failure.packageFrame.file}:${failure.packageFrame.line}${failure.packageFrame.source ? `: ${failure.packageFrame.source}` : ''}${failure.packageFrame.exception ? ` (${failure.packageFrame.exception})` : ''}`);
  if (failure.holder) lines.push(`  port held by ${describeHolder(failure.holder)}${failure.freePort ? `; port ${failure.freePort} is free` : ''}`);
  if (failure.figures && failure.code === 'out-of-memory') lines.push(`  MAX's figures: ${Object.entries(failure.figures).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (failure.lastLines?.length && failure.code === 'exited') lines.push('  last lines:', ...failure.lastLines.slice(-6).map((l) => `    ${l}`));
  io.err(lines.join('\n') + '\n');
}
