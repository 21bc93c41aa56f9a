/**
 * The evidence Bringup gathers itself for a written port (map-fields, build-layers, register,
 * map-weights), from the files as they are on disk, each recorded with the sha256 of what it read.
 * Gathering again records only what changed, so an unchanged port's project.json is not rewritten.
 * Serve and validate-logits are recorded by their runs (recordEvidence), never here.
 */
import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gatherBuildLayers } from '../../../shared/checklist/buildLayers';
import { evaluateChecklist } from '../../../shared/checklist/evaluate';
import type { Gathered } from '../../../shared/checklist/findings';
import { gatherMapFields } from '../../../shared/checklist/mapFields';
import { gatherMapWeights } from '../../../shared/checklist/mapWeights';
import { gatherRegister, type ServeFolderState } from '../../../shared/checklist/register';
import type { StepId } from '../../../shared/checklist/steps';
import type { GeneratedPackageResult } from '../../../shared/codegen/generatePackage';
import { analyzeConfigText } from '../../../shared/config/analyze';
import type { ConfigAnalysis } from '../../../shared/config/types';
import { BringupError } from '../../../shared/errors';
import { canonicalJson } from '../../../shared/project/canonicalJson';
import { needsServeFolder } from '../../../shared/project/configEdits';
import { generateWithRegisteredName } from '../../../shared/project/registeredName';
import type { Evidence, ProjectFile } from '../../../shared/project/schema';
import type { PortStatus } from '../../../shared/project/types';
import type { SourceReader } from '../source/types';
import { inspectWeights } from '../weights/inspectWeights';
import { openPort, type OpenedPort } from './port';
import { currentHashes, hashInputs, inputKey, updateProjectFile, type HeaderInput } from './projectFile';
import { readIfExists } from './projectWriter';
import { SERVE_FOLDER } from './serveFolder';

export interface EvidenceDeps {
  /** The checkpoint's reader for its weight headers (local folder, HF cache or the Hub), or null. */
  readerFor(port: OpenedPort): Promise<SourceReader | null>;
  token?: string;
  now?: () => Date;
}

/** The config the port was generated from: .bringup/config.json, else (a port from before it was kept) the checkpoint's. */
export async function portConfig(port: OpenedPort): Promise<{ text: string | null; path: string }> {
  const own = await readIfExists(port.generatedConfigPath);
  if (own !== null || !port.checkpointDir) return { text: own, path: port.generatedConfigPath };
  const path = join(port.checkpointDir, 'config.json');
  return { text: await readIfExists(path), path };
}

/** Gathers the four steps' evidence again and records what changed; returns the project as recorded. */
export async function gatherEvidence(dir: string, deps: EvidenceDeps): Promise<ProjectFile> {
  const port = await openPort(dir);
  const at = (deps.now ?? (() => new Date()))().toISOString();
  const config = await portConfig(port);
  const parsed = config.text === null ? null : analyzeConfigText(config.text, config.path, { source: port.project.checkpoint.source });
  const analysis = parsed?.ok ? parsed.analysis : null;
  const configError = config.text === null ? `${config.path}: missing (write the port again)` : parsed && !parsed.ok ? parsed.message : null;
  const files = Object.fromEntries(await Promise.all(port.project.files.map(async (f) => [f, await readIfExists(join(port.packageDir, f))] as const)));
  const fresh = analysis && config.text !== null ? freshGeneration(port.project, analysis, config.text) : null;

  const gathered: Partial<Record<StepId, { result: Gathered; inputs: Array<string | HeaderInput> }>> = {};
  const configInput = config.path;
  const pkgPath = (f: string) => join(port.packageDir, f);
  gathered['map-fields'] = {
    result: gatherMapFields({ configError, analysis, generated: fresh?.pkg ?? null, generateError: fresh?.error ?? null, onDisk: files }),
    inputs: [configInput, pkgPath('model_config.py')],
  };
  gathered['build-layers'] = {
    result: gatherBuildLayers({ files, donor: fresh?.pkg?.donorFolder ?? null }),
    inputs: port.project.files.filter((f) => f.endsWith('.py')).map(pkgPath),
  };
  gathered.register = await gatherRegisterStep(port, files, config.text);
  const weights = await gatherWeightsStep(port, config, deps);
  if (weights) gathered['map-weights'] = weights;

  const evidence: Partial<Record<StepId, Evidence>> = {};
  for (const [step, g] of Object.entries(gathered) as Array<[StepId, { result: Gathered; inputs: Array<string | HeaderInput> }]>) {
    evidence[step] = { at, inputs: await hashInputs(dir, g.inputs), ok: g.result.ok, detail: g.result.detail, data: g.result.data };
  }
  const changed = (Object.keys(evidence) as StepId[]).filter((step) => !sameEvidence(port.project.evidence[step], evidence[step]!));
  if (!changed.length) return port.project;
  return updateProjectFile(dir, (project) => {
    if (!project) throw new BringupError('not-found', `${dir}: the port went away while its evidence was gathered`);
    const next = { ...project.evidence };
    for (const step of changed) next[step] = evidence[step];
    return { ...project, evidence: next, updatedAt: at };
  });
}

/** The package a fresh generation gives from the port's config (its source map says which line reads which field). */
function freshGeneration(project: ProjectFile, analysis: ConfigAnalysis, configText: string): { pkg: GeneratedPackageResult | null; error: string | null } {
  try {
    const config: unknown = JSON.parse(configText.replace(/^\uFEFF/, ''));
    const pkg = generateWithRegisteredName({
      analysis, config,
      archName: project.archName ?? undefined,
      maxVersion: project.maxVersion || undefined,
      baselineFolder: project.settings.baselineFolder,
    });
    return { pkg, error: null };
  } catch (err) {
    return { pkg: null, error: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  }
}

async function gatherRegisterStep(port: OpenedPort, files: Record<string, string | null>, portConfigText: string | null) {
  const serveDir = join(port.dir, SERVE_FOLDER);
  const servedPath = port.project.servePath ? join(port.dir, port.project.servePath, 'config.json') : port.checkpointDir ? join(port.checkpointDir, 'config.json') : null;
  const servedText = servedPath ? await readIfExists(servedPath) : null;
  const checkpointConfig = port.checkpointDir ? await readIfExists(join(port.checkpointDir, 'config.json')) : null;
  const name = port.project.archName;
  const record = port.project.serveFolder ?? null;
  const folder: ServeFolderState | null = record
    ? { links: record.links, weightPaths: record.weightPaths, needsDownload: record.needsDownload, broken: port.project.servePath ? await brokenLinks(serveDir) : [] }
    : null;
  const result = gatherRegister({
    archPy: files['arch.py'] ?? null,
    initPy: files['__init__.py'] ?? null,
    maxVersion: port.project.maxVersion,
    served: servedPath ? { label: labelOf(port, servedPath), text: servedText } : null,
    portConfigText,
    serveFolder: folder,
    needsServeFolder: !!name && portConfigText !== null && needsServeFolder(checkpointConfig, portConfigText, name),
    noCheckpoint: !port.checkpointDir && !port.project.checkpoint.repoId ? `${port.project.checkpoint.source}: the port has no checkpoint folder or repo (a dropped config.json): open the checkpoint itself and write the port again to serve it` : null,
  });
  const inputs = [join(port.packageDir, 'arch.py'), join(port.packageDir, '__init__.py'), port.generatedConfigPath, ...(servedPath ? [servedPath] : [])];
  return { result, inputs };
}

/** Links in the serve folder whose target is gone. */
async function brokenLinks(folder: string): Promise<string[]> {
  const broken: string[] = [];
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    const path = join(folder, name);
    const isLink = await lstat(path).then((s) => s.isSymbolicLink(), () => false);
    if (isLink && !(await stat(path).then(() => true, () => false))) broken.push(`${SERVE_FOLDER}/${name}`);
  }
  return broken;
}

const WEIGHTS = /\.(safetensors|gguf)$|\.safetensors\.index\.json$/i;

/**
 * The weight headers, read against the port's config (the user's edits), so a contradiction shows
 * without opening the Weights tab. Null (keep what is recorded) when the Hub cannot be reached now.
 */
async function gatherWeightsStep(port: OpenedPort, config: { text: string | null; path: string }, deps: EvidenceDeps) {
  const inputs: Array<string | HeaderInput> = [config.path];
  if (!port.checkpointDir && !port.project.checkpoint.repoId) {
    return { result: gatherMapWeights({ noWeights: 'The checkpoint is config.json only (no folder or repo to read weight headers from)' }), inputs };
  }
  let reader: SourceReader | null;
  try {
    reader = await deps.readerFor(port);
  } catch (err) {
    if (err instanceof BringupError && (err.code === 'network' || err.code === 'auth' || err.code === 'not-found')) return null;
    return { result: gatherMapWeights({ error: oneLine(err) }), inputs };
  }
  if (!reader) return { result: gatherMapWeights({ error: `${port.checkpointDir ?? port.project.checkpoint.source}: the checkpoint is gone` }), inputs };
  const listed = await reader.listFiles().catch(() => null);
  if (listed === null) return { result: gatherMapWeights({ error: `${reader.source.label}: cannot list the checkpoint's files` }), inputs };
  if (!listed.some((f) => WEIGHTS.test(f.path))) {
    const bin = listed.some((f) => /\.(bin|pt|pth)$/i.test(f.path));
    return { result: gatherMapWeights({ noWeights: bin ? `${reader.source.label}: PyTorch .bin weights only; MAX loads safetensors or GGUF` : `${reader.source.label}: no weight files (.safetensors, .gguf) next to config.json` }), inputs };
  }
  const withPortConfig: SourceReader = { ...reader, readText: (path) => (path === 'config.json' && config.text !== null ? Promise.resolve(config.text) : reader.readText(path)) };
  let report;
  try {
    report = await inspectWeights(withPortConfig, { token: deps.token });
  } catch (err) {
    if (err instanceof BringupError && (err.code === 'network' || err.code === 'auth')) return null;
    return { result: gatherMapWeights({ error: oneLine(err) }), inputs };
  }
  if (reader.source.kind !== 'hub' && reader.source.dir) {
    const dir = reader.source.dir;
    for (const file of report.files) {
      const bytes = report.format === 'safetensors' ? 8 + file.headerBytes : file.headerBytes;
      inputs.push({ path: join(dir, file.name), bytes });
    }
    for (const index of listed.filter((f) => f.path.endsWith('.safetensors.index.json'))) inputs.push(join(dir, index.path));
  }
  return { result: gatherMapWeights({ report }), inputs };
}

const oneLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0];

const labelOf = (port: OpenedPort, path: string) => inputKey(port.dir, path);

function sameEvidence(a: Evidence | undefined, b: Evidence): boolean {
  return !!a && canonicalJson({ ...a, at: '' }) === canonicalJson({ ...b, at: '' });
}

/** The checklist of a port as recorded, judged against its files as they are now. */
export async function portStatus(dir: string, project: ProjectFile): Promise<PortStatus> {
  const port = await openPort(dir);
  const keys = Object.values(project.evidence).flatMap((e) => Object.keys(e?.inputs ?? {}));
  const current = await currentHashes(port.dir, keys);
  const steps = evaluateChecklist({ evidence: project.evidence, acknowledgements: project.acknowledgements, current });
  return {
    port: port.dir,
    package: project.packageName,
    archName: project.archName,
    checkpoint: project.checkpoint.dir ?? project.checkpoint.repoId ?? project.checkpoint.source,
    servePath: port.servePath,
    maxVersion: project.maxVersion,
    steps,
  };
}

