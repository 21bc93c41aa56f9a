/**
 * One run of a hook, watched: its state from start to end, and for a server MAX's readiness as MAX
 * defines it (the ready banner, then GET /v1/health = 200, polled fast because the socket binds after
 * the banner), its phases, its failure mapped to a step, its notices, the served model and the smoke
 * request.
 */
import { realpathSync } from 'node:fs';
import { ServeLogAnalyzer } from '../../../shared/serve/analyzer';
import { SERVE_DEFAULTS } from '../../../shared/serve/signatures';
import type { SmokeApi } from '../../../shared/serve/smoke';
import type { RunStatus, ServeFailure, ServePhase, SmokeResult } from '../../../shared/serve/types';
import type { Run } from '../runner/runner';
import { get, servedModel, smoke, waitHealthy, type Endpoint } from './serverHttp';

/** How often a server that printed no ready banner is asked for its health. */
const NO_BANNER_POLL_MS = 1000;

export interface ServeRunOptions {
  kind: 'server' | 'command';
  dir: string;
  hook: string;
  argv: string[];
  logPath: string;
  packageDir: string;
  /** Where to connect: 127.0.0.1 unless MAX_SERVE_HOST names a host. */
  connectHost: string;
  httpPort: number | null;
  timeoutS: number;
  onStatus(status: RunStatus): void;
  onSmokeText?(smokeId: string, text: string, atMs: number): void;
}

export class ServeRun {
  readonly status: RunStatus;
  /** Resolves once readiness is decided: ready, or failed/exited without it (never rejects). */
  readonly settled: Promise<RunStatus>;
  /** Resolves when the process group is gone and the log is closed. */
  readonly finished: Promise<RunStatus>;
  private readonly analyzer: ServeLogAnalyzer;
  private startedAt = Date.now();
  private settle!: (s: RunStatus) => void;
  private timer: NodeJS.Timeout | null = null;
  private stopRequestedAt: number | null = null;
  private bannerSeen = false;

  constructor(readonly run: Run, private readonly options: ServeRunOptions) {
    const realPackage = (() => {
      try {
        return realpathSync(options.packageDir);
      } catch {
        return options.packageDir;
      }
    })();
    this.analyzer = new ServeLogAnalyzer({ packageDirs: [...new Set([options.packageDir, realPackage])] });
    this.status = {
      runId: run.spec.runId,
      dir: options.dir,
      hook: options.hook,
      argv: options.argv,
      state: 'starting',
      pid: null,
      startedAt: new Date(this.startedAt).toISOString(),
      endedAt: null,
      exitCode: null,
      signal: null,
      httpPort: options.httpPort,
      url: null,
      ready: false,
      readyAfterMs: null,
      health: null,
      servedModel: null,
      phases: [],
      failure: null,
      notices: [],
      smoke: null,
      log: options.logPath,
      kind: options.kind,
      stop: null,
    };
    this.settled = new Promise((resolve) => (this.settle = resolve));
    run.on('raw', (chunk) => this.onOutput(this.analyzer.feed(chunk.stream, chunk.text, chunk.at - this.startedAt)));
    run.process.spawned.then(
      ({ pid, at }) => {
        this.startedAt = at;
        this.update({ pid, state: this.status.state === 'starting' ? 'loading' : this.status.state });
      },
      (err: Error) => this.fail({ code: 'exited', step: 'serve', line: err.message, hint: `${options.argv[0]} could not be started: check the executable (the max path in the Serve panel, or --max).` }),
    );
    if (options.kind === 'server') {
      this.timer = setTimeout(() => this.timeOut(), options.timeoutS * 1000);
      this.timer.unref?.();
      void this.watchWithoutBanner();
    }
    this.finished = this.watch();
  }

  /** Waits for the end: decides the final state and failure once the group is gone and the log closed. */
  private async watch(): Promise<RunStatus> {
    const { run, options } = this;
    const exit = await run.exited;
    await run.outputDone;
    this.onOutput(this.analyzer.end(exit.at - this.startedAt));
    if (this.timer) clearTimeout(this.timer);
    const stop = await run.process.done;
    const byUser = this.stopRequestedAt !== null;
    const patch: Partial<RunStatus> = { exitCode: exit.code, signal: exit.signal, endedAt: new Date(exit.at).toISOString() };
    if (stop && byUser) patch.stop = { requestedAt: new Date(this.stopRequestedAt!).toISOString(), signal: stop.signal, tookMs: stop.tookMs };
    if (options.kind === 'command') {
      patch.state = byUser || exit.code === 0 ? 'exited' : 'failed';
      if (exit.code !== 0 && !byUser) patch.failure = this.analyzer.failure() ?? this.analyzer.verdict({ exitCode: exit.code, signal: exit.signal });
    } else if (!this.status.ready && !this.status.failure && !byUser) {
      patch.state = 'failed';
      patch.failure = this.analyzer.verdict({ exitCode: exit.code, signal: exit.signal });
    } else if (this.status.ready && !byUser && !this.status.failure) {
      // Ready, then died on its own (a worker crash after startup): that is a failure too.
      const known = this.analyzer.failure();
      patch.state = known || exit.code !== 0 ? 'failed' : 'exited';
      if (known) patch.failure = known;
    } else {
      patch.state = this.status.failure ? 'failed' : 'exited';
    }
    this.update(patch);
    this.settle(this.status);
    return this.status;
  }

  private update(patch: Partial<RunStatus>): void {
    Object.assign(this.status, patch);
    this.options.onStatus({ ...this.status });
  }

  private fail(failure: ServeFailure): void {
    if (this.status.failure) return;
    this.update({ failure, state: 'failed' });
    this.settle(this.status);
  }

  private onOutput(events: ReturnType<ServeLogAnalyzer['feed']>): void {
    let changed = false;
    for (const event of events) {
      if (event.type === 'phase') {
        this.status.phases = [...this.status.phases, event.phase];
        changed = true;
      } else if (event.type === 'notice') {
        this.status.notices = [...this.status.notices, event.notice];
        changed = true;
      } else if (event.type === 'banner' && this.options.kind === 'server') {
        void this.onBanner(event.host, event.port);
      }
    }
    if (changed) this.update({});
  }

  private endpoint(bannerPort?: number): Endpoint {
    return { host: this.options.connectHost, port: bannerPort ?? this.status.httpPort ?? SERVE_DEFAULTS.httpPort };
  }

  private async onBanner(_host: string, port: number): Promise<void> {
    this.bannerSeen = true;
    const endpoint = this.endpoint(port);
    this.update({ httpPort: port, url: urlOf(endpoint) });
    const healthy = await waitHealthy(endpoint, SERVE_DEFAULTS.healthPath, () => this.status.state !== 'loading' && this.status.state !== 'starting');
    if (healthy) await this.becomeReady(endpoint, healthy);
  }

  /**
   * A server that never prints MAX's banner (another build's wording, a wrapper that swallows the log)
   * is still ready when its health answers: polled slowly on the port it was given, from the start.
   * The port was checked free before the start, so the answer is this server's.
   */
  private async watchWithoutBanner(): Promise<void> {
    const waiting = () => !this.bannerSeen && !this.status.ready && this.status.endedAt === null && !this.status.failure && this.stopRequestedAt === null;
    while (waiting()) {
      await new Promise((r) => setTimeout(r, NO_BANNER_POLL_MS).unref?.());
      if (!waiting()) return;
      const answer = await get(this.endpoint(), SERVE_DEFAULTS.healthPath, NO_BANNER_POLL_MS);
      if (answer?.status !== 200 || !waiting()) continue;
      this.update({ notices: [...this.status.notices, { code: 'ready-without-banner', line: `GET ${SERVE_DEFAULTS.healthPath} -> 200`, hint: `The server answers on port ${this.endpoint().port} but never printed MAX's "Server ready on http://..." banner: readiness was taken from ${SERVE_DEFAULTS.healthPath} alone.` }] });
      await this.becomeReady(this.endpoint(), { at: Date.now(), status: 200 });
    }
  }

  private async becomeReady(endpoint: Endpoint, healthy: { at: number; status: number }): Promise<void> {
    if (this.status.ready) return;
    const phase: ServePhase = { id: 'ready', label: 'Ready (health 200)', atMs: healthy.at - this.startedAt, line: `GET ${SERVE_DEFAULTS.healthPath} -> 200` };
    this.update({ ready: true, state: 'ready', url: urlOf(endpoint), health: healthy.status, readyAfterMs: healthy.at - this.startedAt, phases: [...this.status.phases, phase] });
    if (this.timer) clearTimeout(this.timer);
    this.update({ servedModel: await servedModel(endpoint, SERVE_DEFAULTS.modelsPath) });
    this.settle(this.status);
  }

  private timeOut(): void {
    if (this.status.ready || this.status.failure || this.stopRequestedAt !== null) return;
    const failure = this.analyzer.failure() ?? this.analyzer.verdict({ timedOut: true, timeoutS: this.options.timeoutS });
    this.fail({ ...failure, code: 'not-ready-in-time', step: failure.code === 'not-ready-in-time' || failure.code === 'exited' ? 'serve' : failure.step });
    void this.run.stop();
  }

  /** Stops the group; resolves when it is gone. */
  async stop(firstSignal?: 'SIGINT' | 'SIGTERM' | 'SIGKILL'): Promise<RunStatus> {
    if (this.stopRequestedAt === null && this.status.endedAt === null) {
      this.stopRequestedAt = Date.now();
      this.update({ state: 'stopping' });
      this.settle(this.status);
    }
    void this.run.stop(firstSignal);
    return this.finished;
  }

  async smoke(request: { prompt: string; api: SmokeApi; maxTokens?: number; smokeId: string }): Promise<SmokeResult> {
    const endpoint = this.endpoint(this.status.httpPort ?? undefined);
    const model = this.status.servedModel ?? (await servedModel(endpoint, SERVE_DEFAULTS.modelsPath));
    if (!model) return { ok: false, api: request.api, prompt: request.prompt, text: '', ttftMs: null, tokensPerSecond: null, completionTokens: 0, error: `GET ${SERVE_DEFAULTS.modelsPath} listed no model`, status: null };
    if (!this.status.servedModel) this.update({ servedModel: model });
    const result = await smoke(endpoint, {
      api: request.api,
      path: request.api === 'chat' ? SERVE_DEFAULTS.chatPath : SERVE_DEFAULTS.completionsPath,
      model,
      prompt: request.prompt,
      maxTokens: request.maxTokens,
      onText: (text, atMs) => this.options.onSmokeText?.(request.smokeId, text, atMs),
    });
    this.update({ smoke: result });
    return result;
  }
}

const urlOf = (endpoint: Endpoint) => `http://${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
