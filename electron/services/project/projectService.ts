/**
 * The port for the app (desktop and browser mode): write, open (with its checkpoint, package,
 * steps, evidence and runs as they were), the checklist, conflicts, acknowledgements, the report and
 * the ports on the start page. The command line calls the same functions (writePort, gatherEvidence,
 * portStatus, writePortReport).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { stat, access, constants } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { OpenedCheckpoint } from '../../../shared/api/types';
import { evaluateChecklist } from '../../../shared/checklist/evaluate';
import type { StepId } from '../../../shared/checklist/steps';
import { badInput } from '../../../shared/errors';
import type { ProjectFile } from '../../../shared/project/schema';
import type { AcknowledgeRequest, FolderInfo, PortStatus, PortView, ProjectWriteRequest, ProjectWriteResult, RecentPort, ReportResult } from '../../../shared/project/types';
import type { SettingsStore } from '../settings/settingsService';
import type { AppSources } from '../source/appSources';
import { localSourceReader } from '../source/localSource';
import type { SourceReader } from '../source/types';
import { gatherEvidence, portConfig, portStatus, type EvidenceDeps } from './evidence';
import { openPort } from './port';
import { portFiles } from './portFiles';
import { portReader } from './portReader';
import { readProjectFile, requireProjectFile, updateProjectFile } from './projectFile';
import { readConflict, resolveConflict } from './projectWriter';
import { writePortReport } from './report';
import { writePort } from './writePort';

export interface ProjectServiceDeps {
  sources: AppSources;
  settings: SettingsStore;
  resourcesDir: string;
  version: string;
  /** Opens a checkpoint as the checkpoint browser does (for the port's view). */
  openCheckpoint(source: string): Promise<OpenedCheckpoint>;
  openExample(id: string): Promise<OpenedCheckpoint>;
  /** The folder a relative path is resolved against (default: the user's home). */
  baseDir?: string;
}

export function createProjectService(deps: ProjectServiceDeps) {
  const baseDir = deps.baseDir ?? homedir();
  const evidenceDeps = async (): Promise<EvidenceDeps> => ({
    readerFor: portReader((source) => deps.sources.resolve(source)),
    token: (await deps.sources.token()) ?? undefined,
  });
  const remember = (dir: string) => deps.settings.rememberPort(dir).catch(() => undefined);

  /** The reader of the checkpoint the app has open: examples are folders of config.json only; a dropped file has none. */
  async function readerFor(request: ProjectWriteRequest): Promise<SourceReader | null> {
    const example = /^example:([a-z0-9][a-z0-9.-]{0,80})$/.exec(request.checkpoint.source);
    if (example) {
      const dir = join(deps.resourcesDir, 'examples', example[1]);
      return localSourceReader({ given: request.checkpoint.source, kind: 'local', dir, label: request.checkpoint.repoId ?? example[1] });
    }
    if (request.checkpoint.source.startsWith('dropped:')) return null;
    return deps.sources.resolve(request.checkpoint.source).catch(() => null);
  }

  async function view(dir: string, project: ProjectFile): Promise<PortView> {
    const port = await openPort(dir);
    const config = await portConfig(port);
    let checkpoint: OpenedCheckpoint | null = null;
    let checkpointError: string | null = null;
    try {
      checkpoint = await openCheckpointOf(project);
    } catch (err) {
      checkpointError = `${project.checkpoint.dir ?? project.checkpoint.source}: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`;
    }
    return { dir: port.dir, project, status: await portStatus(port.dir, project), configText: config.text, checkpoint, checkpointError, files: await portFiles(port.dir, project) };
  }

  function openCheckpointOf(project: ProjectFile): Promise<OpenedCheckpoint> {
    const c = project.checkpoint;
    const example = /^example:(.+)$/.exec(c.source);
    if (example) return deps.openExample(example[1]);
    if ((c.kind === 'cache' || c.kind === 'hub') && c.repoId) return deps.openCheckpoint(`${c.repoId}@${c.commit ?? c.revision ?? 'main'}`);
    if (c.dir) return deps.openCheckpoint(c.dir);
    throw badInput('the port records no checkpoint folder or repo');
  }

  async function status(dir: string): Promise<PortStatus> {
    const project = await gatherEvidence(dir, await evidenceDeps());
    return portStatus(dir, project);
  }

  return {
    async write(request: ProjectWriteRequest): Promise<ProjectWriteResult> {
      if (!isAbsolute(request.dir)) throw badInput(`${request.dir}: give an absolute folder path (the dialog resolves a relative one against ${baseDir})`);
      const reader = await readerFor(request);
      const { pkg: _pkg, ...result } = await writePort({
        dir: request.dir,
        checkpoint: request.checkpoint,
        reader,
        token: (await deps.sources.token()) ?? undefined,
        configText: request.configText,
        files: request.files ?? [],
        archName: request.archName,
        maxVersion: request.maxVersion,
        force: request.force,
      }, await evidenceDeps());
      await remember(request.dir);
      return result;
    },
    async open(dir: string, openOptions?: { gather?: boolean }): Promise<PortView> {
      const abs = requireAbsolute(dir);
      const recorded = await requireProjectFile(abs);
      const project = openOptions?.gather === false ? recorded : await gatherEvidence(abs, await evidenceDeps());
      await remember(abs);
      return view(abs, project);
    },
    status: (dir: string) => status(requireAbsolute(dir)),
    async describeFolder(given: string): Promise<FolderInfo> {
      const expanded = given.trim().replace(/^~(?=$|[\\/])/, homedir());
      const dir = isAbsolute(expanded) ? resolve(expanded) : resolve(baseDir, expanded);
      const info: FolderInfo = { given, dir, base: baseDir, exists: false, isPort: false, portOf: null, packageName: null, problem: null };
      const kind = await stat(dir).then((s) => (s.isDirectory() ? 'dir' : 'file'), () => null);
      if (kind === 'file') return { ...info, exists: true, problem: `${dir} is a file, not a folder` };
      info.exists = kind === 'dir';
      if (info.exists) {
        try {
          const project = await readProjectFile(dir);
          if (project) Object.assign(info, { isPort: true, portOf: project.checkpoint.dir ?? project.checkpoint.source, packageName: project.packageName || null });
        } catch (err) {
          info.problem = (err as Error).message;
        }
      }
      if (!info.problem && !(await writable(dir))) info.problem = `${info.exists ? dir : 'its parent folder'} is not writable`;
      return info;
    },
    readConflict: (dir: string, packageName: string, file: string) => readConflict(requireAbsolute(dir), packageName, file),
    async resolveConflict(dir: string, packageName: string, file: string, content: string): Promise<PortView> {
      const abs = requireAbsolute(dir);
      await resolveConflict(abs, packageName, file, content);
      return view(abs, await gatherEvidence(abs, await evidenceDeps()));
    },
    async acknowledge(request: AcknowledgeRequest): Promise<PortStatus> {
      const abs = requireAbsolute(request.dir);
      const current = await status(abs);
      const finding = current.steps.find((s) => s.id === request.step)?.findings.find((f) => f.id === request.finding);
      if (!finding) throw badInput(`${request.step}: no finding ${request.finding} in the current evidence`);
      if (!finding.acknowledgeable) throw badInput(`${request.step}: ${finding.message} cannot be acknowledged; it has to be fixed`);
      const at = new Date().toISOString();
      const project = await updateProjectFile(abs, (p) => ({
        ...p!,
        acknowledgements: [...p!.acknowledgements.filter((a) => !(a.step === request.step && a.finding === request.finding)), { step: request.step, finding: request.finding, reason: request.reason.trim(), at }],
        updatedAt: at,
      }));
      return portStatus(abs, project);
    },
    async unacknowledge(dir: string, step: StepId, finding: string): Promise<PortStatus> {
      const abs = requireAbsolute(dir);
      const project = await updateProjectFile(abs, (p) => ({ ...p!, acknowledgements: p!.acknowledgements.filter((a) => !(a.step === step && a.finding === finding)), updatedAt: new Date().toISOString() }));
      return portStatus(abs, project);
    },
    async exportReport(dir: string): Promise<ReportResult> {
      return writePortReport(requireAbsolute(dir), { ...(await evidenceDeps()), version: deps.version });
    },
    async recent(): Promise<RecentPort[]> {
      const { recentPorts } = await deps.settings.get();
      return Promise.all(recentPorts.map(recentEntry));
    },
    async forgetRecent(dir: string): Promise<RecentPort[]> {
      const { recentPorts } = await deps.settings.forgetPort(dir);
      return Promise.all(recentPorts.map(recentEntry));
    },
  };
}

/** A port on the start page, from what project.json records (nothing gathered, so the list is instant). */
async function recentEntry(dir: string): Promise<RecentPort> {
  const empty = { dir, packageName: null, archName: null, source: null, updatedAt: null, done: 0, total: 6 };
  try {
    const project = await readProjectFile(dir);
    if (!project) return { ...empty, error: `${dir}: no longer a port (no .bringup/project.json)` };
    const steps = evaluateChecklist({ evidence: project.evidence, acknowledgements: project.acknowledgements });
    return { dir, packageName: project.packageName, archName: project.archName, source: project.checkpoint.source, updatedAt: project.updatedAt, done: steps.filter((s) => s.state === 'done').length, total: steps.length, error: null };
  } catch (err) {
    return { ...empty, error: (err as Error).message.split('\n')[0] };
  }
}

function requireAbsolute(dir: string): string {
  if (!isAbsolute(dir)) throw badInput(`${dir}: give an absolute folder path`);
  return resolve(dir);
}

/** Whether a folder (or, when it does not exist yet, its nearest existing parent) can be written. */
async function writable(dir: string): Promise<boolean> {
  for (let d = dir; ; d = dirname(d)) {
    const exists = await stat(d).then(() => true, () => false);
    if (exists) return access(d, constants.W_OK).then(() => true, () => false);
    if (dirname(d) === d) return false;
  }
}
