/** How the app starts and what a drop opens: a port when the folder is one, else a checkpoint. */
import type { AppInfo } from '@shared/api/types';
import { api, pathForFile } from '../../platform/bridge';
import { openDropped } from '../checkpoints/dropToOpen';
import { openExample, openSource } from '../checkpoints/openActions';
import { usePortStore } from '../port/portStore';
import { loadRecent, openPort } from '../project/projectActions';
import { useProjectStore } from '../project/projectStore';

const FIRST_EXAMPLE = 'tinyllama-1.1b-chat';

/**
 * `--open PATH` opens it (as a port when it is one); otherwise the start page when there are ports to
 * reopen, else (a first start) an embedded example, so there is something real on screen with no setup.
 */
export async function startUp(info: AppInfo): Promise<void> {
  if (info.openOnStart) {
    if (await isPort(info.openOnStart)) await openPort(info.openOnStart);
    else await openSource(info.openOnStart);
    return;
  }
  await loadRecent();
  if (useProjectStore.getState().recent.length) useProjectStore.getState().showHome(true);
  else if (!usePortStore.getState().checkpoint) await openExample(FIRST_EXAMPLE);
}

async function isPort(path: string): Promise<boolean> {
  return api.project.describeFolder(path).then((f) => f.isPort, () => false);
}

/** A dropped folder that is a port opens as the port (desktop, where a drop has a path); anything else as a checkpoint. */
export async function openDroppedPortOrCheckpoint(files: FileList): Promise<void> {
  const file = files[0];
  const path = file ? pathForFile(file) : null;
  if (path && (await isPort(path))) {
    await openPort(path);
    return;
  }
  await openDropped(files);
}

/** A port by the path typed on the start page (relative to the home folder). */
export async function openPortByPath(path: string): Promise<string | null> {
  const info = await api.project.describeFolder(path);
  if (!info.isPort) return info.problem ?? `${info.dir} is not a port (no .bringup/project.json): write one with “Write”, or bringup generate SOURCE --out ${info.dir}`;
  return (await openPort(info.dir)) ? null : usePortStore.getState().openError;
}

/** Desktop: the native folder dialog; returns false where there is none (browser mode). */
export async function pickAndOpenPort(): Promise<boolean> {
  const folder = await api.app.pickFolder();
  if (folder) await openPort(folder);
  return folder !== null;
}
