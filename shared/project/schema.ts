/**
 * `.bringup/project.json`, versioned (DESIGN.md "A port project on disk"). Every reader goes through
 * `parseProjectFile`, which validates the current version and migrates older ones, so a file written by
 * an earlier Bringup opens in this one. Keys this version does not know are kept on rewrite (a newer
 * Bringup's additions survive a round trip through an older one).
 */
import { z } from 'zod';
import { STEP_ORDER } from '../checklist/steps';

export const PROJECT_VERSION = 2;

const text = (max = 4096) => z.string().max(max);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'not a sha256');
const isoTime = z.string().max(40);
export const stepIdSchema = z.enum(STEP_ORDER as [typeof STEP_ORDER[number], ...typeof STEP_ORDER]);

export const projectCheckpointSchema = z.looseObject({
  /** The SOURCE as given (folder, config.json path or org/name[@rev]). */
  source: text(),
  kind: z.enum(['local', 'cache', 'hub']).optional(),
  dir: text().optional(),
  repoId: text(200).optional(),
  revision: text(200).optional(),
  commit: text(80).optional(),
});

export const projectSettingsSchema = z.looseObject({
  archName: text(200).optional(),
  baselineFolder: text(200).optional(),
  /** `--quantization-encoding` for serve and the logits scripts (default: the package's default encoding). */
  encoding: text(40).optional(),
  /** The `max` executable and the Python for hooks (default: found on PATH). */
  maxBin: text().optional(),
  python: text().optional(),
  /** Extra flags for max serve / generate / warm-cache, appended by the presets (issue 10). */
  serveFlags: z.array(text()).max(200).optional(),
  /** Weight files passed one by one (`--weight-path`) when the serve folder cannot link them. */
  weightPaths: z.array(text()).max(10_000).optional(),
  /** `--max-length` for hooks using {maxLength} (default: max_position_embeddings). */
  maxLength: z.number().int().positive().optional(),
});

/**
 * A named command: an argument array whose elements may be whole-argument placeholders (`{port}`),
 * never a shell string. `where` is the machine that runs it: this one (the app's), or in browser mode
 * the server the UI is served from, which is the same code path.
 */
export const hookSchema = z.looseObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not a hook id'),
  title: text(200),
  argv: z.array(text()).min(1).max(500),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), text()).optional(),
  /** The preset it came from; the user may edit it freely (`edited` then says so). */
  preset: text(80).optional(),
  edited: z.boolean().optional(),
});

/**
 * What a step's verdict rests on: when it was gathered, the sha256 of every input it depended on
 * (project-relative or absolute paths), and whether it held. `data` is the step's own record (the
 * serve run, the logits summary ...).
 */
export const evidenceSchema = z.looseObject({
  at: isoTime,
  inputs: z.record(text(), sha256),
  ok: z.boolean(),
  /** One line: what was checked and what it showed. */
  detail: text(2000),
  data: z.unknown().optional(),
});

/** A finding the user accepted on purpose (an unknown field, a truly unused tensor), with why. */
export const acknowledgementSchema = z.looseObject({
  step: stepIdSchema,
  /** What is acknowledged, as the finding names it (a config path, a tensor name, a TODO id). */
  finding: text(1000),
  reason: z.string().min(1).max(2000),
  at: isoTime,
});

/** One run of a hook (serve, generate, a logits script): enough to show it again after a restart. */
export const runRecordSchema = z.looseObject({
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/),
  hook: text(80),
  argv: z.array(text()),
  startedAt: isoTime,
  endedAt: isoTime.nullable(),
  exitCode: z.number().int().nullable(),
  /** The full log, relative to the project folder (`.bringup/runs/<id>.log`). */
  log: text(),
  /** The hook's own summary (readiness, failure, smoke answer ...). */
  result: z.unknown().optional(),
});

/**
 * How the serve folder (`DIR/checkpoint/`, CLI-CONTRACT.md "The port folder") reaches the checkpoint's
 * files. `symlink`: every other file is a symbolic link (relative where possible). `copy`: the file
 * system refused links, so small files were copied and the weights are passed to `max serve` as
 * `--weight-path` flags (`weightPaths`, absolute). `none`: a Hub-only source, nothing on disk to link:
 * serve needs the checkpoint downloaded first (`needsDownload`).
 */
export const serveFolderSchema = z.looseObject({
  links: z.enum(['symlink', 'copy', 'none']),
  /** `--weight-path` values `max serve` must get, in order (links refused); empty otherwise. */
  weightPaths: z.array(text()),
  needsDownload: z.boolean(),
  /** One line for people: what the folder holds and why. */
  note: text(2000),
});

/** What the last write did to each package file (the Changes view after a reopen); `resolved`: the user settled its conflict since. */
export const writeOutcomeSchema = z.enum(['new', 'updated', 'unchanged', 'merged', 'conflict', 'forced', 'resolved']);

export const lastWriteSchema = z.looseObject({
  at: isoTime,
  files: z.record(text(200), writeOutcomeSchema),
  /** The package folder the write renamed (the registered name changed), or null. */
  renamedFrom: text(200).nullable(),
});

export const projectFileSchema = z.looseObject({
  version: z.literal(PROJECT_VERSION),
  checkpoint: projectCheckpointSchema,
  maxVersion: text(80),
  packageName: text(200),
  /** The registered name (SupportedArchitecture.name). */
  archName: text(200).nullable(),
  settings: projectSettingsSchema,
  /** Files of the package, as last generated. */
  files: z.array(text(200)),
  /** What `max serve --model-path` gets, relative to the project folder, when Bringup made it (`checkpoint`). */
  servePath: text().nullable(),
  /** Set when Bringup made (or had to give up making) the serve folder; null or absent: none needed. */
  serveFolder: serveFolderSchema.nullable().optional(),
  /** sha256 of the checkpoint's own config.json when the port's copy (.bringup/config.json) was last taken from it. */
  sourceConfigSha256: sha256.nullable().optional(),
  lastWrite: lastWriteSchema.nullable().optional(),
  hooks: z.array(hookSchema),
  evidence: z.partialRecord(stepIdSchema, evidenceSchema),
  acknowledgements: z.array(acknowledgementSchema),
  /** Newest last; bounded (RUN_HISTORY_LIMIT). */
  runs: z.array(runRecordSchema),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export type ProjectCheckpoint = z.infer<typeof projectCheckpointSchema>;
export type ProjectSettings = z.infer<typeof projectSettingsSchema>;
export type Hook = z.infer<typeof hookSchema>;
export type Evidence = z.infer<typeof evidenceSchema>;
export type Acknowledgement = z.infer<typeof acknowledgementSchema>;
export type RunRecord = z.infer<typeof runRecordSchema>;
export type ProjectFile = z.infer<typeof projectFileSchema>;
export type ServeFolder = z.infer<typeof serveFolderSchema>;
export type WriteOutcome = z.infer<typeof writeOutcomeSchema>;
export type LastWrite = z.infer<typeof lastWriteSchema>;

export const RUN_HISTORY_LIMIT = 100;

/** A project file as version 1 wrote it (Bringup 0.1): the package and the checkpoint, nothing read back. */
const projectFileV1Schema = z.looseObject({
  version: z.literal(1),
  checkpoint: projectCheckpointSchema,
  maxVersion: text(80),
  packageName: text(200),
  settings: projectSettingsSchema.optional(),
  files: z.array(text(200)).optional(),
  updatedAt: isoTime.optional(),
});

/** Version 1 → 2: the registered name comes from the settings (else unknown until the next write). */
function migrateV1(v1: z.infer<typeof projectFileV1Schema>): ProjectFile {
  const { version: _version, settings, files, updatedAt, ...rest } = v1;
  const empty = emptyProject(v1.checkpoint, new Date(updatedAt ?? 0));
  return { ...empty, ...rest, archName: settings?.archName ?? null, settings: settings ?? {}, files: files ?? [] };
}

export type ParsedProject = { ok: true; project: ProjectFile; migratedFrom: number | null } | { ok: false; error: string };

/**
 * Validates (and migrates) a parsed project.json. The error is one line naming the JSON path, e.g.
 * `hooks[0].argv: expected array`.
 */
export function parseProjectFile(value: unknown): ParsedProject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'not a JSON object' };
  const version = (value as { version?: unknown }).version;
  if (version === 1) {
    const v1 = projectFileV1Schema.safeParse(value);
    if (!v1.success) return { ok: false, error: firstIssue(v1.error) };
    return { ok: true, project: migrateV1(v1.data), migratedFrom: 1 };
  }
  if (typeof version === 'number' && version > PROJECT_VERSION) {
    return { ok: false, error: `version ${version} was written by a newer Bringup (this one reads up to ${PROJECT_VERSION})` };
  }
  const parsed = projectFileSchema.safeParse(value);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  return { ok: true, project: parsed.data, migratedFrom: null };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
  return `${path || '(top level)'}: ${issue.message}`;
}

/** A new project's file, before its first package is written. */
export function emptyProject(checkpoint: ProjectCheckpoint, now: Date): ProjectFile {
  const at = now.toISOString();
  return {
    version: PROJECT_VERSION,
    checkpoint,
    maxVersion: '',
    packageName: '',
    archName: null,
    settings: {},
    files: [],
    servePath: null,
    hooks: [],
    evidence: {},
    acknowledgements: [],
    runs: [],
    createdAt: at,
    updatedAt: at,
  };
}
