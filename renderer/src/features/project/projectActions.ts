/**
 * The port's UI actions, as plain functions (a command palette registers them in one line each):
 * open a port, write it, resolve conflicts, acknowledge findings, export the report.
 */
import type { OpenedCheckpoint } from '@shared/api/types';
import { parseConfigText } from '@shared/config/parse';
import type { StepId } from '@shared/checklist/steps';
import type { PortView, ProjectWriteResult } from '@shared/project/types';
import { api, isDesktop } from '../../platform/bridge';
import { mayReplaceConfig } from '../checkpoints/openActions';
import { usePortStore } from '../port/portStore';
import { inspectWeights, noWeightsReason } from '../weights/weightsActions';
import { portDirFor, useProjectStore } from './projectStore';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0];

/** Opens a port folder as it was: its checkpoint, the config with the user's edits, the package on disk, steps and evidence. */
export async function openPort(dir: string): Promise<boolean> {
  if (!mayReplaceConfig()) return false;
  const port = usePortStore.getState();
  port.startLoading();
  try {
    const view = await api.project.open(dir);
    showPort(view);
    void loadRecent();
    return true;
  } catch (err) {
    port.failed(message(err));
    return false;
  }
}

/** Puts a port's view on screen: the checkpoint (or what the port knows of it), the port's config, its MAX version. */
function showPort(view: PortView): void {
  const checkpoint = { ...(view.checkpoint ?? checkpointOf(view)), configText: view.configText ?? view.checkpoint?.configText ?? null };
  const port = usePortStore.getState();
  port.opened(checkpoint);
  if (view.project.maxVersion) port.setMaxVersion(view.project.maxVersion);
  if (view.checkpointError) port.failed(`The port's checkpoint cannot be opened: ${view.checkpointError}`);
  useProjectStore.getState().setPort({ ...view, checkpoint });
  // The headers are read now, so contradictions show in Problems and on the config without opening the Weights tab.
  if (!noWeightsReason(checkpoint) && checkpoint.files.length) void inspectWeights(checkpoint.source);
}

/** A port whose checkpoint is gone still opens: with its own config.json and no files. */
function checkpointOf(view: PortView): OpenedCheckpoint {
  const c = view.project.checkpoint;
  return {
    source: c.source, label: c.dir ?? c.repoId ?? c.source, kind: 'local', dir: null, repoId: c.repoId ?? null, revision: c.commit ?? c.revision ?? null,
    files: [], configText: view.configText, configPath: `${view.dir}/.bringup/config.json`,
  };
}

/** The port read again from disk (after a write or a resolution), without gathering its evidence twice. */
async function refreshPort(dir: string, gather = false): Promise<void> {
  const view = await api.project.open(dir, { gather });
  const store = useProjectStore.getState();
  const checkpoint = usePortStore.getState().checkpoint;
  store.setPort({ ...view, checkpoint: checkpoint && view.checkpoint?.source === checkpoint.source ? checkpoint : (view.checkpoint ?? checkpointOf(view)) });
}

/** Writes the port for the open checkpoint; asks for a folder the first time (dialog or path field). */
export async function writePackage(options: { chooseFolder?: boolean; force?: boolean } = {}): Promise<void> {
  const { checkpoint } = usePortStore.getState();
  if (!checkpoint) return;
  const store = useProjectStore.getState();
  let dir: string | null | undefined = options.chooseFolder ? undefined : (portDirFor(store, checkpoint.source) ?? store.dirs[checkpoint.source]);
  if (!dir) {
    if (!isDesktop) return store.askForDir(true);
    dir = await api.app.pickFolder();
    if (!dir) return;
  }
  await writeTo(dir, options.force);
}

export async function writeTo(dir: string, force = false, archName?: string): Promise<ProjectWriteResult | null> {
  const { checkpoint, configText, maxVersion } = usePortStore.getState();
  if (!checkpoint) return null;
  const store = useProjectStore.getState();
  store.askForDir(false);
  // A broken config.json cannot be ported: say why, and where, before asking the services.
  const parsed = parseConfigText(configText, 'config.json');
  if (!parsed.ok) {
    store.failed(`Cannot write the port: ${parsed.message}. Fix config.json first.`);
    return null;
  }
  store.setDir(checkpoint.source, dir);
  store.started();
  try {
    const result = await api.project.write({
      dir,
      configText,
      checkpoint: {
        source: checkpoint.source,
        ...(checkpoint.kind === 'local' || checkpoint.kind === 'cache' || checkpoint.kind === 'hub' ? { kind: checkpoint.kind } : {}),
        ...(checkpoint.dir ? { dir: checkpoint.dir } : {}),
        ...(checkpoint.repoId ? { repoId: checkpoint.repoId } : {}),
        ...(checkpoint.revision ? { revision: checkpoint.revision } : {}),
      },
      files: checkpoint.files.map((f) => f.path),
      ...(maxVersion ? { maxVersion } : {}),
      ...(archName ? { archName } : {}),
      force,
    });
    useProjectStore.getState().finished(result, writeSummary(result));
    await refreshPort(dir);
    void loadRecent();
    return result;
  } catch (err) {
    useProjectStore.getState().failed(message(err));
    return null;
  }
}

/** One line: where it wrote and what changed. */
export function writeSummary(r: ProjectWriteResult): string {
  const parts = [
    `${r.written.length} written`,
    ...(r.merged.length ? [`${r.merged.length} merged with your edits`] : []),
    `${r.skipped.length} unchanged`,
    ...(r.conflicts.length ? [`${r.conflicts.length} in conflict (see Changes)`] : []),
  ];
  const renamed = r.renamedFrom ? `; renamed from ${r.renamedFrom}/` : '';
  const serve = r.serveFolder?.path ? `; serve folder ${r.serveFolder.path} (${r.serveFolder.links === 'symlink' ? `${r.serveFolder.linked} links` : `${r.serveFolder.copied} copies, ${r.serveFolder.weightPaths.length} --weight-path`})` : r.serveFolder ? `; ${r.serveFolder.note}` : '';
  return `Wrote ${r.packageDir} as ${r.archName}: ${parts.join(', ')}${renamed}${serve}`;
}

/** Registers the port under another name (the package folder follows, edits carried over) and writes. */
export async function renameArchitecture(name: string): Promise<void> {
  const { checkpoint } = usePortStore.getState();
  const dir = checkpoint && portDirFor(useProjectStore.getState(), checkpoint.source);
  if (dir) await writeTo(dir, false, name);
}

export async function openConflict(dir: string, packageName: string, file: string): Promise<void> {
  try {
    useProjectStore.getState().showConflict(await api.project.readConflict(dir, packageName, file));
  } catch (err) {
    useProjectStore.getState().failed(message(err));
  }
}

/** Saves a resolution atomically (keep mine, take theirs, or the merged text) and shows the port as it now is. */
export async function resolveConflict(dir: string, packageName: string, file: string, content: string, how: string): Promise<boolean> {
  const store = useProjectStore.getState();
  try {
    const view = await api.project.resolveConflict(dir, packageName, file, content);
    store.showConflict(null);
    store.setPort({ ...view, checkpoint: usePortStore.getState().checkpoint ?? view.checkpoint });
    store.notify(`${packageName}/${file}: ${how}, saved`);
    return true;
  } catch (err) {
    store.failed(message(err));
    return false;
  }
}

/** Runs an action on the open port; its failure is shown, never thrown at the caller. */
async function onOpenPort(action: (dir: string) => Promise<void>): Promise<void> {
  const dir = useProjectStore.getState().port?.dir;
  if (!dir) return;
  try {
    await action(dir);
  } catch (err) {
    useProjectStore.getState().failed(message(err));
  }
}

export function acknowledge(step: StepId, finding: string, reason: string): Promise<void> {
  return onOpenPort(async (dir) => useProjectStore.getState().setStatus(await api.project.acknowledge({ dir, step, finding, reason })));
}

export function unacknowledge(step: StepId, finding: string): Promise<void> {
  return onOpenPort(async (dir) => useProjectStore.getState().setStatus(await api.project.unacknowledge(dir, step, finding)));
}

/** Gathers the evidence again (after editing package files elsewhere) and shows the checklist. */
export function refreshEvidence(): Promise<void> {
  return onOpenPort((dir) => refreshPort(dir, true));
}

/** Writes PORT-REPORT.md and PORT-REPORT.html into the port folder. */
export function exportReport(): Promise<void> {
  return onOpenPort(async (dir) => {
    const report = await api.project.exportReport(dir);
    useProjectStore.getState().setReport(report);
    useProjectStore.getState().notify(`Report written: ${report.htmlPath} and ${report.markdownPath}`);
  });
}

export async function loadRecent(): Promise<void> {
  try {
    useProjectStore.getState().setRecent(await api.project.recent());
  } catch {
    // The start page then lists none; opening by path still works.
  }
}

export async function forgetRecent(dir: string): Promise<void> {
  useProjectStore.getState().setRecent(await api.project.forgetRecent(dir));
}

/** Back to the start page (the port stays open behind it). */
export function showStart(): void {
  useProjectStore.getState().showHome(true);
  void loadRecent();
}
