/**
 * The serve service: plans, starts, watches and stops the port's hooks (the Serve hook with readiness
 * and the smoke request; other hooks as commands), through the one runner, for every face. It records
 * each run in the project (`runs`, the log under `.bringup/runs/<id>.log`) and the Serve step's
 * evidence: ok only when a server for the package and checkpoint as they were became ready and
 * answered the smoke request.
 */
import { randomBytes } from 'node:crypto';
import { freemem, totalmem } from 'node:os';
import { mkdir, open, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { quantization } from '../../../shared/config/kb';
import { badInput, BringupError } from '../../../shared/errors';
import { expandArgv, PLACEHOLDERS } from '../../../shared/hooks/placeholders';
import { HOOK_PRESETS, hookKind, type ServePresetOptions } from '../../../shared/hooks/presets';
import type { Hook, RunRecord } from '../../../shared/project/schema';
import { estimateFit, type FitDevice, type FitReport } from '../../../shared/serve/fit';
import { describeHolder } from '../../../shared/serve/format';
import { devicesFlag, flagValue, intFlag, numberFlag } from '../../../shared/serve/maxArgs';
import { SERVE_DEFAULTS } from '../../../shared/serve/signatures';
import { SMOKE_PROMPTS, type SmokeApi } from '../../../shared/serve/smoke';
import type { DoctorReport } from '../../../shared/serve/doctorTypes';
import type { RunStatus, ServeCliResult, ServeFailure, ServePlan, SmokeResult } from '../../../shared/serve/types';
import { gpusOnly, probe, runDoctor } from '../doctor/doctor';
import type { EventBus } from '../events';
import { openPort, portInputPaths, type OpenedPort } from '../project/port';
import { BRINGUP_DIR, hashInputs, readProjectFile, recordEvidence, recordRun, updateProjectFile } from '../project/projectFile';
import { checkPort, findFreePort } from '../runner/ports';
import type { Runner } from '../runner/runner';
import type { AppSources } from '../source/appSources';
import { inspectWeights } from '../weights/inspectWeights';
import { ensureHook, saveHook, saveHooks } from './hooksStore';
import { locateTools, placeholderValues, readPortContext, type PortContext } from './portContext';
import { ServeRun } from './serveRun';

export interface ServeStartOptions {
  port?: number;
  hookId?: string;
  /** Appended after the hook's arguments, as given (`bringup serve DIR -- ARGS`). */
  extraArgs?: string[];
  timeoutS?: number;
  logitsProbe?: boolean;
  /** `--max PATH` for this run. */
  maxBin?: string;
  /** Grace periods of the stop sequence (tests). */
  graceMs?: { interrupt?: number; terminate?: number };
}

export interface ServeServiceDeps {
  env: Record<string, string | undefined>;
  events: EventBus;
  sources: AppSources;
  runner: Runner;
  version: string;
}

const DEFAULT_TIMEOUT_S = 600;

function newRunId(hook: string): string {
  const at = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${at}-${hook}-${randomBytes(3).toString('hex')}`;
}

/** Where to connect: 127.0.0.1, unless MAX_SERVE_HOST names one host (MAX binds to it, default 0.0.0.0). */
function connectHost(env: Record<string, string | undefined>): string {
  const host = env[SERVE_DEFAULTS.hostEnv]?.trim();
  return !host || host === '0.0.0.0' || host === '::' || host === '[::]' ? '127.0.0.1' : host.replace(/^\[|\]$/g, '');
}

export function createServeService(deps: ServeServiceDeps) {
  const { env, events, runner } = deps;
  const runs = new Map<string, ServeRun>();
  const fitCache = new Map<string, { at: number; value: { weightsBytes: number | null } }>();
  let gpuCache: { at: number; value: DoctorReport['gpus'] } | null = null;

  const emitStatus = (status: RunStatus) => events.emit('onRunStatus', status);

  async function gpus(): Promise<DoctorReport['gpus']> {
    if (gpuCache && Date.now() - gpuCache.at < 10_000) return gpuCache.value;
    gpuCache = { at: Date.now(), value: await gpusOnly(env) };
    return gpuCache.value;
  }

  async function weightsAt(context: PortContext, encoding: string | null): Promise<number | null> {
    const dir = context.port.checkpointDir;
    if (!dir || !encoding) return null;
    const key = `${dir}|${encoding}`;
    const cached = fitCache.get(key);
    if (cached && Date.now() - cached.at < 60_000) return cached.value.weightsBytes;
    let bytes: number | null;
    try {
      const report = await inspectWeights(await deps.sources.resolve(dir, true), { encoding });
      bytes = report.memory?.encoding === encoding ? report.memory.bytes : null;
      const perParam = Object.hasOwn(quantization.dtypeBytes, encoding) ? quantization.dtypeBytes[encoding as keyof typeof quantization.dtypeBytes] : undefined;
      if (bytes === null && perParam) bytes = report.parameterCount * perParam;
    } catch {
      bytes = null;
    }
    fitCache.set(key, { at: Date.now(), value: { weightsBytes: bytes } });
    return bytes;
  }

  async function fitFor(context: PortContext, argv: readonly string[]): Promise<FitReport> {
    const encoding = flagValue(argv, '--quantization-encoding') ?? context.encoding;
    const kv = context.analysis?.kvCache ?? null;
    // The cache dtype follows the encoding (quantization.json) unless --kv-cache-format says otherwise.
    const cacheDtype = flagValue(argv, '--kv-cache-format') ?? (encoding && Object.hasOwn(quantization.encodings, encoding) ? quantization.encodings[encoding as keyof typeof quantization.encodings].kvCacheDtype : null);
    const bytes = quantization.dtypeBytes as Record<string, number>;
    const kvBytesPerToken = kv && cacheDtype && bytes[cacheDtype] && bytes[kv.dtype] ? Math.round((kv.bytesPerToken * bytes[cacheDtype]) / bytes[kv.dtype]) : kv?.bytesPerToken ?? null;
    const choice = devicesFlag(argv);
    const found = await gpus();
    let device: FitDevice | null = null;
    const cpu: FitDevice = { kind: 'cpu', label: 'host memory', freeBytes: freemem(), totalBytes: totalmem(), source: 'os.freemem' };
    if (choice.kind === 'cpu') device = cpu;
    else if (found.devices.length) {
      const picked = choice.kind === 'gpu' ? (choice.ids === 'all' ? found.devices : found.devices.filter((d) => (choice.ids as number[]).includes(d.index))) : [found.devices[0]];
      const sum = (f: (d: (typeof picked)[number]) => number | null) => (picked.every((d) => f(d) !== null) ? picked.reduce((a, d) => a + f(d)!, 0) : null);
      if (picked.length) device = { kind: 'gpu', label: picked.length === 1 ? `GPU ${picked[0].index} (${picked[0].name})` : `GPUs ${picked.map((d) => d.index).join(', ')}`, freeBytes: sum((d) => d.memoryFreeBytes), totalBytes: sum((d) => d.memoryTotalBytes), source: 'nvidia-smi' };
    } else if (choice.kind === 'default') device = cpu; // no GPU visible: MAX uses the CPU
    const report = estimateFit({
      weightsBytes: await weightsAt(context, encoding),
      encoding,
      kvBytesPerToken,
      maxLength: intFlag(argv, '--max-length'),
      maxPositionEmbeddings: context.analysis?.dimensions.max_position_embeddings ?? null,
      maxBatchSize: intFlag(argv, '--max-batch-size'),
      deviceMemoryUtilization: numberFlag(argv, '--device-memory-utilization'),
      pageSize: intFlag(argv, '--kv-cache-page-size'),
      device,
    });
    if (choice.kind === 'default' && !found.devices.length) report.unknowns.push(`no GPU found (${found.why ?? 'nvidia-smi'}): MAX would run on the CPU`);
    return report;
  }

  function activeFor(dir: string): ServeRun | null {
    return [...runs.values()].find((r) => r.status.dir === dir && r.status.kind === 'server' && r.status.endedAt === null) ?? null;
  }

  async function resolveMetrics(hookEnv: Record<string, string>): Promise<{ port: number; check: Awaited<ReturnType<typeof checkPort>>; movedTo: number | null }> {
    const configured = Number(hookEnv[SERVE_DEFAULTS.metricsPortEnv] ?? env[SERVE_DEFAULTS.metricsPortEnv] ?? SERVE_DEFAULTS.metricsPort);
    const check = await checkPort(configured);
    return { port: configured, check, movedTo: check.free ? null : await findFreePort(configured + 1, []) };
  }

  interface Prepared {
    port: OpenedPort;
    context: PortContext;
    hook: Hook;
    kind: 'server' | 'command';
    httpPort: number | null;
    portCheck: Awaited<ReturnType<typeof checkPort>> | null;
    freePort: number | null;
    metrics: Awaited<ReturnType<typeof resolveMetrics>> | null;
    tools: Awaited<ReturnType<typeof locateTools>>;
  }

  async function prepareRun(dir: string, options: ServeStartOptions, persist = true): Promise<Prepared> {
    if (!isAbsolute(dir)) throw badInput(`${dir}: give the port folder as an absolute path`);
    const port = await openPort(dir);
    const context = await readPortContext(port);
    const hookId = options.hookId ?? 'serve';
    const hook = await ensureHook(port.dir, port.project.hooks, hookId, context.preset, { logitsProbe: options.logitsProbe } satisfies ServePresetOptions, persist);
    const kind = hookKind(hook);
    const tools = await locateTools(context, env, { maxBin: options.maxBin });
    if (kind !== 'server') return { port, context, hook, kind, httpPort: null, portCheck: null, freePort: null, metrics: null, tools };
    const metrics = await resolveMetrics(hook.env ?? {});
    const reserved = [metrics.port, metrics.movedTo ?? metrics.port];
    if (options.port !== undefined && reserved.includes(options.port)) {
      throw badInput(`--port ${options.port}: that is MAX's metrics port (${SERVE_DEFAULTS.metricsPortEnv}); choose another`);
    }
    let httpPort = options.port ?? SERVE_DEFAULTS.httpPort;
    let portCheck = await checkPort(httpPort);
    let freePort: number | null = null;
    if (!portCheck.free) {
      freePort = await findFreePort(httpPort, reserved);
      // Without a port asked for, a free one is simply taken (CLI-CONTRACT: default, a free port).
      if (options.port === undefined) {
        httpPort = freePort;
        portCheck = await checkPort(httpPort);
        freePort = null;
      }
    }
    return { port, context, hook, kind, httpPort, portCheck, freePort, metrics, tools };
  }

  function expand(prepared: Prepared, values: ReturnType<typeof placeholderValues>, extra: string[] = []): { argv: string[] | null; error: string | null } {
    const expanded = expandArgv(prepared.hook.id, prepared.hook.argv, values);
    return expanded.ok ? { argv: [...expanded.argv, ...extra], error: null } : { argv: null, error: expanded.error };
  }

  function preStartFailure(prepared: Prepared): ServeFailure | null {
    const check = prepared.portCheck;
    if (!check || check.free) return null;
    const holder = describeHolder(check.holder);
    return {
      code: 'port-in-use',
      step: 'serve',
      line: `port ${check.port} is held by ${holder}`,
      hint: `Serve on port ${prepared.freePort ?? 'another'} (free now), or stop ${holder}.`,
      holder: check.holder,
      freePort: prepared.freePort,
    };
  }

  async function versionOf(maxBin: string | null): Promise<string | null> {
    if (!maxBin) return null;
    const run = await probe(maxBin, ['--version'], env, 60_000);
    return /^MAX\s+(\S+)/m.exec(run.stdout)?.[1] ?? null;
  }

  function cliResult(run: ServeRun, versions: { max: string | null }, fit: FitReport | null): ServeCliResult {
    const s = run.status;
    return {
      port: s.dir, argv: s.argv, pid: s.pid, httpPort: s.httpPort, ready: s.ready, readyAfterMs: s.readyAfterMs, url: s.url, health: s.health,
      servedModel: s.servedModel, smoke: s.smoke, failure: s.failure, log: s.log, exitCode: s.exitCode,
      runId: s.runId, phases: s.phases, notices: s.notices, versions: { max: versions.max, bringup: deps.version }, fit,
    };
  }

  async function recordServeEvidence(run: ServeRun, meta: RunMeta): Promise<void> {
    const s = run.status;
    const result = cliResult(run, { max: await meta.maxVersion }, meta.fit);
    const ok = s.ready && !!s.smoke?.ok;
    const detail = s.smoke
      ? s.smoke.ok
        ? `ready in ${((s.readyAfterMs ?? 0) / 1000).toFixed(1)} s; ${s.servedModel} answered "${s.smoke.text.slice(0, 80)}" (${s.smoke.completionTokens} tokens, first after ${s.smoke.ttftMs} ms)`
        : `ready, but the smoke request failed: ${s.smoke.error}`
      : s.failure
        ? `${s.failure.code} (${s.failure.step}): ${s.failure.line}`.slice(0, 1900)
        : 'stopped before it became ready';
    await recordEvidence(s.dir, 'serve', { at: new Date().toISOString(), inputs: meta.inputs, ok, detail, data: result }).catch(() => undefined);
  }

  interface RunMeta {
    inputs: Record<string, string>;
    maxVersion: Promise<string | null>;
    fit: FitReport | null;
    record: RunRecord;
    /** The run's record and evidence are written (after the process group is gone). */
    recorded?: Promise<void>;
  }
  const metaOf = new Map<string, RunMeta>();

  async function start(dir: string, options: ServeStartOptions = {}): Promise<RunStatus> {
    const prepared = await prepareRun(dir, options);
    const { port, context, hook, kind } = prepared;
    if (kind === 'server') {
      const active = activeFor(port.dir);
      if (active) throw new BringupError('conflict', `${port.dir}: a server for this port is already running (run ${active.status.runId}, port ${active.status.httpPort}); stop it first`);
    }
    const runId = newRunId(hook.id);
    const runDir = join(port.dir, BRINGUP_DIR, 'runs', runId);
    const logRel = `${BRINGUP_DIR}/runs/${runId}.log`;
    const logPath = join(port.dir, logRel);
    const values = placeholderValues(context, prepared.tools, { httpPort: prepared.httpPort, runDir });
    const { argv, error } = expand(prepared, values, options.extraArgs);
    if (!argv) throw badInput(error!);
    const failure = preStartFailure(prepared);
    if (failure) {
      // Nothing was started: the check's answer, for the face to show (and the CLI to exit 3 with).
      const status: RunStatus = {
        runId, dir: port.dir, hook: hook.id, argv, state: 'failed', pid: null, startedAt: new Date().toISOString(), endedAt: new Date().toISOString(),
        exitCode: null, signal: null, httpPort: prepared.httpPort, url: null, ready: false, readyAfterMs: null, health: null, servedModel: null,
        phases: [], failure, notices: [], smoke: null, log: logPath, kind,
      };
      emitStatus(status);
      return status;
    }
    await mkdir(runDir, { recursive: true });
    const runEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(env)) if (v !== undefined) runEnv[k] = v;
    Object.assign(runEnv, hook.env ?? {});
    runEnv.PYTHONUNBUFFERED ??= '1';
    if (prepared.metrics?.movedTo) runEnv[SERVE_DEFAULTS.metricsPortEnv] = String(prepared.metrics.movedTo);
    const inputs = await hashInputs(port.dir, portInputPaths(port));
    const record: RunRecord = { id: runId, hook: hook.id, argv, startedAt: new Date().toISOString(), endedAt: null, exitCode: null, log: logRel };
    await recordRun(port.dir, record);
    const run = runner.start({ runId, argv, cwd: port.dir, env: runEnv, logPath, graceMs: options.graceMs });
    run.on('batch', (batch) => events.emit('onRunOutput', batch));
    const serveRun = new ServeRun(run, {
      kind,
      dir: port.dir,
      hook: hook.id,
      argv,
      logPath,
      packageDir: port.packageDir,
      connectHost: connectHost(runEnv),
      httpPort: prepared.httpPort,
      timeoutS: options.timeoutS ?? DEFAULT_TIMEOUT_S,
      onStatus: emitStatus,
      onSmokeText: (smokeId, text, atMs) => events.emit('onSmokeText', { runId, smokeId, text, atMs }),
    });
    runs.set(runId, serveRun);
    const meta: RunMeta = {
      inputs,
      maxVersion: kind === 'server' ? versionOf(argv[0]).catch(() => null) : Promise.resolve(null),
      fit: kind === 'server' ? await fitFor(context, argv).catch(() => null) : null,
      record,
    };
    metaOf.set(runId, meta);
    if (prepared.metrics?.movedTo) {
      serveRun.status.notices.push({ code: 'metrics-port-moved', line: `port ${prepared.metrics.port} is held by ${describeHolder(prepared.metrics.check.holder)}`, hint: `MAX's metrics server uses port ${prepared.metrics.movedTo} for this run (${SERVE_DEFAULTS.metricsPortEnv}).` });
    }
    // Recording never fails the run (a port folder removed meanwhile, a full disk): these never reject.
    const settledRecord = serveRun.settled.then(async (status) => {
      if (kind === 'server' && !status.ready && status.failure) await recordServeEvidence(serveRun, meta);
    }).catch(() => undefined);
    meta.recorded = serveRun.finished.then(async (status) => {
      await settledRecord;
      await recordRun(port.dir, { ...record, endedAt: status.endedAt, exitCode: status.exitCode, result: summary(status) }).catch(() => undefined);
      // A server that died after answering keeps its evidence; one that failed later says so.
      if (kind === 'server' && status.failure && status.ready) await recordServeEvidence(serveRun, meta);
    }).catch(() => undefined).finally(() => {
      setTimeout(() => runs.delete(runId), 10 * 60_000).unref?.();
    });
    return { ...serveRun.status };
  }

  function summary(s: RunStatus) {
    return { ready: s.ready, readyAfterMs: s.readyAfterMs, httpPort: s.httpPort, servedModel: s.servedModel, failure: s.failure, smoke: s.smoke, phases: s.phases, notices: s.notices, stop: s.stop ?? null, signal: s.signal };
  }

  function requireRun(runId: string): ServeRun {
    const run = runs.get(runId);
    if (!run) throw new BringupError('not-found', `no run ${runId} in this Bringup (it ended long ago, or another Bringup started it)`);
    return run;
  }

  async function smokeRun(runId: string, request: { prompt?: string; api?: SmokeApi; maxTokens?: number } = {}): Promise<SmokeResult> {
    const run = requireRun(runId);
    if (!run.status.ready || run.status.endedAt) throw badInput(`run ${runId} is not a ready server (${run.status.state})`);
    const context = await readPortContext(await openPort(run.status.dir));
    const api = request.api ?? context.smokeApi;
    const prompt = request.prompt?.trim() || SMOKE_PROMPTS[api][0];
    const result = await run.smoke({ prompt, api, maxTokens: request.maxTokens, smokeId: randomBytes(4).toString('hex') });
    const meta = metaOf.get(runId);
    if (meta) await recordServeEvidence(run, meta).catch(() => undefined);
    return result;
  }

  /** A file inside a port folder (a traceback's package file), for the UI to show at its line. */
  async function readPortFile(dir: string, file: string): Promise<{ path: string; text: string }> {
    const port = await openPort(dir);
    const root = await realpath(port.dir).catch(() => port.dir);
    const path = isAbsolute(file) ? file : resolve(dir, file);
    const real = await realpath(path).catch(() => null);
    const rel = real ? relative(root, real) : '..';
    if (!real || rel.startsWith('..') || isAbsolute(rel)) throw badInput(`${file}: not a file of the port ${dir}`);
    const info = await stat(real);
    if (!info.isFile() || info.size > 4 * 1024 * 1024) throw badInput(`${file}: not a text file the editor can show`);
    return { path: real, text: await readFile(real, 'utf8') };
  }

  async function readLog(dir: string, runId: string): Promise<{ text: string; truncated: boolean; path: string }> {
    if (!/^[A-Za-z0-9_.-]{1,80}$/.test(runId)) throw badInput(`${runId}: not a run id`);
    const live = runs.get(runId)?.run;
    const path = join(dir, BRINGUP_DIR, 'runs', `${runId}.log`);
    if (live) {
      const tail = live.tailText();
      return { text: tail.text, truncated: tail.truncated, path };
    }
    const handle = await open(path, 'r').catch(() => null);
    if (!handle) throw new BringupError('not-found', `${path}: no such log`);
    try {
      const size = (await handle.stat()).size;
      const length = Math.min(size, 512 * 1024);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return { text: buffer.toString('utf8'), truncated: size > length, path };
    } finally {
      await handle.close();
    }
  }

  return {
    async prepare(dir: string, options: ServeStartOptions = {}): Promise<ServePlan> {
      const prepared = await prepareRun(dir, options, false);
      const values = placeholderValues(prepared.context, prepared.tools, { httpPort: prepared.httpPort, runDir: join(prepared.port.dir, BRINGUP_DIR, 'runs', '<id>') });
      const { argv, error } = expand(prepared, values, options.extraArgs);
      const active = activeFor(prepared.port.dir);
      const notes: string[] = [];
      if (prepared.metrics && !prepared.metrics.check.free) notes.push(`MAX's metrics port ${prepared.metrics.port} is held by ${describeHolder(prepared.metrics.check.holder)}: the run will move it to ${prepared.metrics.movedTo} (${SERVE_DEFAULTS.metricsPortEnv}).`);
      if (!prepared.context.encoding) notes.push('No encoding is known for this port: set one, or MAX has to infer it.');
      if (prepared.context.port.project.serveFolder?.needsDownload) notes.push(`The checkpoint is not on this machine, so the port has no serve folder: download it, then write the port again (max serve would otherwise read ${prepared.context.port.project.checkpoint.repoId ?? 'the Hub repo'}'s own config.json).`);
      return {
        dir: prepared.port.dir,
        packageDir: prepared.port.packageDir,
        servePath: prepared.port.servePath,
        archName: prepared.context.archName,
        encoding: prepared.context.encoding,
        smokeApi: prepared.context.smokeApi,
        hook: prepared.hook,
        argv,
        argvError: error,
        maxBin: prepared.tools.maxBin,
        httpPort: prepared.httpPort ?? SERVE_DEFAULTS.httpPort,
        portCheck: prepared.portCheck ?? { port: SERVE_DEFAULTS.httpPort, free: true, holder: null },
        freePort: prepared.freePort,
        metrics: prepared.metrics ?? { port: SERVE_DEFAULTS.metricsPort, check: { port: SERVE_DEFAULTS.metricsPort, free: true, holder: null }, movedTo: null },
        fit: await fitFor(prepared.context, argv ?? prepared.hook.argv),
        active: active ? { ...active.status } : null,
        notes,
      };
    },
    start,
    async stop(runId: string): Promise<RunStatus> {
      const status = await requireRun(runId).stop();
      await metaOf.get(runId)?.recorded;
      return { ...status };
    },
    async status(runId: string): Promise<RunStatus & { tail: { text: string; seq: number; truncated: boolean } }> {
      const run = requireRun(runId);
      return { ...run.status, tail: run.run.tailText() };
    },
    async runs(dir: string): Promise<{ active: RunStatus[]; history: RunRecord[] }> {
      const project = await readProjectFile(dir);
      return {
        active: [...runs.values()].filter((r) => r.status.dir === dir).map((r) => ({ ...r.status })),
        history: project?.runs ?? [],
      };
    },
    smoke: smokeRun,
    readLog,
    readPortFile,
    async settings(dir: string, patch: { maxBin?: string | null; python?: string | null; encoding?: string | null; serveFlags?: string[] | null; maxLength?: number | null }) {
      const updated = await updateProjectFile(dir, (project) => {
        if (!project) throw badInput(`${dir}: not a Bringup port`);
        const settings: Record<string, unknown> = { ...project.settings };
        for (const [key, value] of Object.entries(patch)) {
          if (value === null || value === '') delete settings[key];
          else if (value !== undefined) settings[key] = value;
        }
        return { ...project, settings, updatedAt: new Date().toISOString() };
      });
      return updated.settings;
    },
    /** Waits for a run to be ready or to fail (the CLI). */
    settled: (runId: string) => requireRun(runId).settled.then((s) => ({ ...s })),
    finished: (runId: string) => requireRun(runId).finished.then(async (s) => (await metaOf.get(runId)?.recorded, { ...s })),
    cliResult: (runId: string) => {
      const run = requireRun(runId);
      const meta = metaOf.get(runId);
      return (meta?.maxVersion ?? Promise.resolve(null)).then((max) => cliResult(run, { max }, meta?.fit ?? null));
    },
    hooks: {
      async list(dir: string) {
        const port = await openPort(dir);
        const context = await readPortContext(port);
        return {
          hooks: port.project.hooks,
          presets: HOOK_PRESETS.map((p) => ({ id: p.id, title: p.title, description: p.description, kind: p.kind, argv: p.build(context.preset).argv })),
          placeholders: PLACEHOLDERS,
        };
      },
      async save(dir: string, hook: Hook) {
        const port = await openPort(dir);
        const context = await readPortContext(port);
        return saveHook(port.dir, hook, context.preset);
      },
      async remove(dir: string, hookId: string) {
        return saveHooks(dir, (all) => all.filter((h) => h.id !== hookId));
      },
      async run(dir: string, hookId: string, options: { port?: number } = {}) {
        return start(dir, { hookId, port: options.port });
      },
    },
    doctor: (options: { python?: string; max?: string; dir?: string } = {}) =>
      (options.dir ? readProjectFile(options.dir).catch(() => null) : Promise.resolve(null)).then((project) =>
        runDoctor({ env, python: options.python ?? null, max: options.max ?? null, dir: options.dir ?? null, settings: project?.settings }),
      ),
    /** Stops every run this service started (the faces call it when they end). */
    dispose(): Promise<unknown> {
      return Promise.all([
        ...[...runs.values()].map(async (r) => {
          if (!r.status.endedAt) await r.stop();
          await metaOf.get(r.status.runId)?.recorded;
        }),
        runner.stopAll(),
      ]);
    },
  };
}

export type ServeService = ReturnType<typeof createServeService>;
