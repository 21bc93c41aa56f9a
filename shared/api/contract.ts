import { z } from 'zod';
import type { CacheReport } from '../cache/types';
import type { DownloadProgress } from '../hub/types';
import { settingsPatchSchema } from '../settings/schema';
import type { RunStatus } from '../serve/types';

/**
 * The service contract, defined once: every method's argument schema (validated at every
 * transport boundary) lives here, its return type in `ServiceReturns` (types.ts). The Electron
 * IPC adapter, the browser-mode server, the preload bridge, the renderer client and the CLI all
 * derive from this object, so a method exists everywhere or nowhere.
 */
const source = z.string().min(1).max(4096);
const folder = z.string().min(1).max(4096);
const repoId = z.string().regex(/^[A-Za-z0-9][\w.-]{0,95}\/[\w.-]{1,96}$/, 'not a repo id (org/name)');
const revision = z.string().regex(/^[\w./-]{1,200}$/).refine((r) => !r.split('/').includes('..'), 'not a revision');
const searchParams = z
  .object({
    query: z.string().max(200).optional(),
    author: z.string().max(96).optional(),
    library: z.string().max(64).optional(),
    task: z.string().max(64).optional(),
    sort: z.enum(['downloads', 'likes', 'lastModified']).optional(),
    limit: z.number().int().min(1).max(100).optional(),
    cursor: z.string().max(4096).optional(),
  })
  .strict();
const absolutePath = z.string().min(1).max(4096);
const stepId = z.enum(['map-fields', 'build-layers', 'register', 'map-weights', 'validate-logits', 'serve']);
const packageFile = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,120}$/, 'not a package file name');
const projectWrite = z
  .object({
    dir: absolutePath,
    configText: z.string().max(8 * 1024 * 1024),
    checkpoint: z
      .object({
        source: z.string().max(4096),
        kind: z.enum(['local', 'cache', 'hub']).optional(),
        dir: z.string().max(4096).optional(),
        repoId: z.string().max(200).optional(),
        revision: z.string().max(200).optional(),
        commit: z.string().max(80).optional(),
      })
      .strict(),
    files: z.array(z.string().max(4096)).max(200_000).optional(),
    archName: z.string().max(200).optional(),
    maxVersion: z.string().max(80).optional(),
    force: z.boolean().optional(),
  })
  .strict();
const downloadRequest = z
  .object({
    repo: repoId,
    revision: revision.optional(),
    include: z.union([z.enum(['config', 'all']), z.array(z.string().min(1).max(200)).min(1).max(50)]),
  })
  .strict();
const openOptions = z.object({ offline: z.boolean().optional() }).strict();
// Serve, hooks and the doctor (issue 10).
const runId = z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/, 'not a run id');
const hookId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not a hook id');
const serveOptions = z
  .object({
    port: z.number().int().min(1).max(65535).optional(),
    hookId: hookId.optional(),
    extraArgs: z.array(z.string().max(4096)).max(200).optional(),
    timeoutS: z.number().positive().max(24 * 3600).optional(),
    logitsProbe: z.boolean().optional(),
    maxBin: z.string().min(1).max(4096).optional(),
  })
  .strict();
const hookInput = z
  .object({
    id: hookId,
    title: z.string().min(1).max(200),
    argv: z.array(z.string().max(4096)).min(1).max(500),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(4096)).optional(),
    preset: z.string().max(80).optional(),
    edited: z.boolean().optional(),
  })
  .strict();
const portSettingsPatch = z
  .object({
    maxBin: z.string().max(4096).nullable().optional(),
    python: z.string().max(4096).nullable().optional(),
    encoding: z.string().max(40).nullable().optional(),
    serveFlags: z.array(z.string().max(4096)).max(200).nullable().optional(),
    maxLength: z.number().int().positive().nullable().optional(),
  })
  .strict();
const logitsCompare = z
  .object({
    kl: z.number().nonnegative().finite().optional(),
    cosDist: z.number().nonnegative().finite().optional(),
    pipeline: z.string().min(1).max(300).optional(),
    encoding: z.string().min(1).max(40).optional(),
    /** A port folder: record the result as its validate-logits evidence. */
    port: absolutePath.optional(),
  })
  .strict();
const logitsProbe = z
  .object({
    url: z.string().url().max(2048),
    model: z.string().min(1).max(300).optional(),
    reference: absolutePath,
    tokenizer: absolutePath.optional(),
  })
  .strict();

export const contract = {
  app: {
    info: z.tuple([]),
    listExamples: z.tuple([]),
    /** Desktop: the native folder dialog. Browser mode answers null (the UI asks for a path). */
    pickFolder: z.tuple([]),
  },
  checkpoint: {
    /** A folder, a config.json path, or org/name[@rev]: config.json and the file list, never weights. */
    open: z.tuple([source, openOptions.optional()]),
    openExample: z.tuple([z.string().regex(/^[a-z0-9][a-z0-9.-]{0,80}$/)]),
  },
  weights: {
    /** Weight headers only (never tensor data), local or by range requests, cross-checked. */
    inspect: z.tuple([source, z.object({ encoding: z.string().max(40).optional() }).strict().optional()]),
  },
  cache: {
    scan: z.tuple([]),
    /** Checkpoint folders inside a folder the user added. */
    findCheckpoints: z.tuple([folder]),
  },
  hub: {
    status: z.tuple([]),
    search: z.tuple([searchParams]),
    modelInfo: z.tuple([repoId, revision.optional()]),
    /** The model card (README.md), its YAML metadata removed. */
    readme: z.tuple([repoId, revision.optional()]),
    /** Weight headers of a repo read on the Hub by range requests, even when the HF cache holds it without its weights. */
    readWeightHeaders: z.tuple([repoId, revision.optional()]),
    download: z.tuple([downloadRequest]),
    cancelDownload: z.tuple([z.string().uuid()]),
    /** Where the token comes from; the token itself never leaves the services. */
    tokenStatus: z.tuple([]),
    setToken: z.tuple([z.string().trim().min(8).max(512).regex(/^\S+$/, 'a token has no spaces')]),
    clearToken: z.tuple([]),
  },
  project: {
    /** Generate from the config as edited and write it, merging the user's edits (never overwriting them). */
    write: z.tuple([projectWrite]),
    readConflict: z.tuple([absolutePath, packageFile, packageFile]),
    /** Saves the user's resolution atomically; answers the port as it now is. */
    resolveConflict: z.tuple([absolutePath, packageFile, packageFile, z.string().max(8 * 1024 * 1024)]),
    /** A port folder: its checkpoint, package, steps, evidence and runs, with the evidence gathered again (unless gather: false, right after a write). */
    open: z.tuple([absolutePath, z.object({ gather: z.boolean().optional() }).strict().optional()]),
    /** The checklist, as `bringup status` decides it. */
    status: z.tuple([absolutePath]),
    /** What a typed folder path resolves to (a relative one against the user's home), before writing there. */
    describeFolder: z.tuple([z.string().min(1).max(4096)]),
    /** Accepts a finding with a written reason (an unknown field, a truly unused tensor). */
    acknowledge: z.tuple([z.object({ dir: absolutePath, step: stepId, finding: z.string().min(1).max(1000), reason: z.string().trim().min(3).max(2000) }).strict()]),
    unacknowledge: z.tuple([absolutePath, stepId, z.string().min(1).max(1000)]),
    /** Writes PORT-REPORT.md and the self-contained PORT-REPORT.html into the port folder. */
    exportReport: z.tuple([absolutePath]),
    /** The ports on the start page, most recent first. */
    recent: z.tuple([]),
    forgetRecent: z.tuple([absolutePath]),
  },
  settings: {
    get: z.tuple([]),
    update: z.tuple([settingsPatchSchema]),
  },
  serve: {
    /** What starting the port's server would run: argv, port check, "will it fit", the active run. */
    prepare: z.tuple([absolutePath, serveOptions.optional()]),
    start: z.tuple([absolutePath, serveOptions.optional()]),
    stop: z.tuple([runId]),
    /** A run's state and the tail of its output (what the terminal shows when it attaches late). */
    status: z.tuple([runId]),
    runs: z.tuple([absolutePath]),
    smoke: z.tuple([runId, z.object({ prompt: z.string().max(8000).optional(), api: z.enum(['chat', 'completions']).optional(), maxTokens: z.number().int().min(1).max(512).optional() }).strict().optional()]),
    readLog: z.tuple([absolutePath, runId]),
    /** A file inside the port folder (a traceback's package file and line, for the editor). */
    readPortFile: z.tuple([absolutePath, z.string().min(1).max(4096)]),
    /** The port's run settings: max executable, Python, encoding, extra serve flags, max length. */
    settings: z.tuple([absolutePath, portSettingsPatch]),
  },
  hooks: {
    list: z.tuple([absolutePath]),
    save: z.tuple([absolutePath, hookInput]),
    remove: z.tuple([absolutePath, hookId]),
    run: z.tuple([absolutePath, hookId, z.object({ port: z.number().int().min(1).max(65535).optional() }).strict().optional()]),
  },
  doctor: {
    check: z.tuple([z.object({ python: z.string().min(1).max(4096).optional(), max: z.string().min(1).max(4096).optional(), dir: absolutePath.optional() }).strict().optional()]),
  },
  logits: {
    /** Two logits files by path (REF, CAND), compared with MAX's metrics; with `port`, recorded as evidence. */
    compare: z.tuple([absolutePath, absolutePath, logitsCompare.optional()]),
    /** Token ids as text with the tokenizer.json of a checkpoint folder (or the file itself). */
    tokens: z.tuple([absolutePath, z.array(z.number().int().nonnegative()).max(1000)]),
    /** The two logits scripts written into a port, merging the user's edits. */
    writeScripts: z.tuple([absolutePath, z.object({ force: z.boolean().optional() }).strict().optional()]),
    /** /v1/completions logprobs of a running server against a reference golden file's first steps. */
    probe: z.tuple([logitsProbe]),
  },
} as const;

export type Contract = typeof contract;
export type ServiceName = keyof Contract;
export type MethodName<S extends ServiceName> = keyof Contract[S] & string;
export type MethodArgs<S extends ServiceName, M extends MethodName<S>> =
  Contract[S][M] extends z.ZodType ? z.infer<Contract[S][M]> : never;

/** Events pushed from the services to every face (download progress, cache changes, logs). */
export const eventContract = {
  onNotice: z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }),
  onDownloadProgress: z.custom<DownloadProgress>(),
  onDownloadDone: z.object({ id: z.string(), repo: z.string(), ok: z.boolean(), snapshotDir: z.string().nullable(), message: z.string(), cancelled: z.boolean().optional() }),
  onCacheChanged: z.custom<Pick<CacheReport, 'cacheDir'>>(),
  /** A run's output, in order (`seq`), batched every few milliseconds. */
  onRunOutput: z.object({ runId: z.string(), seq: z.number(), text: z.string() }),
  /** A run's state, phases, failure or smoke answer changed. */
  onRunStatus: z.custom<RunStatus>(),
  /** One piece of a streamed smoke answer, as it arrives. */
  onSmokeText: z.object({ runId: z.string(), smokeId: z.string(), text: z.string(), atMs: z.number() }),
} as const;

export type EventName = keyof typeof eventContract;
export type EventPayload<E extends EventName> = z.infer<(typeof eventContract)[E]>;

export const serviceNames = Object.keys(contract) as ServiceName[];

export function isContractMethod(service: string, method: string): boolean {
  if (!Object.prototype.hasOwnProperty.call(contract, service)) return false;
  return Object.prototype.hasOwnProperty.call(contract[service as ServiceName], method);
}
