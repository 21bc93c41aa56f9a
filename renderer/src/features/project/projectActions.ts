import { api, isDesktop } from '../../platform/bridge';
import { usePortStore } from '../port/portStore';
import { useProjectStore } from './projectStore';

/** Writes the package for the open checkpoint; asks for a folder the first time (dialog or path field). */
export async function writePackage(options: { chooseFolder?: boolean; force?: boolean } = {}): Promise<void> {
  const { checkpoint } = usePortStore.getState();
  if (!checkpoint) return;
  const store = useProjectStore.getState();
  let dir: string | undefined = options.chooseFolder ? undefined : store.dirs[checkpoint.source];
  if (!dir) {
    if (!isDesktop) return store.askForDir(true);
    const picked = await api.app.pickFolder();
    if (!picked) return;
    dir = picked;
  }
  await writeTo(dir, options.force);
}

export async function writeTo(dir: string, force = false): Promise<void> {
  const { checkpoint, configText } = usePortStore.getState();
  if (!checkpoint) return;
  const store = useProjectStore.getState();
  store.askForDir(false);
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
      ...(usePortStore.getState().maxVersion ? { maxVersion: usePortStore.getState().maxVersion! } : {}),
      ...(store.archNames[checkpoint.source] ? { archName: store.archNames[checkpoint.source] } : {}),
      force,
    });
    store.finished(checkpoint.source, result);
  } catch (err) {
    store.failed((err as Error).message);
  }
}

export async function openConflict(dir: string, packageName: string, path: string): Promise<void> {
  const file = path.slice(path.indexOf('/') + 1);
  try {
    useProjectStore.getState().showConflict(await api.project.readConflict(dir, packageName, file));
  } catch (err) {
    useProjectStore.getState().failed((err as Error).message);
  }
}

export async function resolveConflict(dir: string, packageName: string, path: string, content: string): Promise<void> {
  const file = path.slice(path.indexOf('/') + 1);
  try {
    await api.project.resolveConflict(dir, packageName, file, content);
    useProjectStore.getState().showConflict(null);
    await writeTo(dir); // regenerate so the result (and the checklist) reflect the resolution
  } catch (err) {
    useProjectStore.getState().failed((err as Error).message);
  }
}

/** Registers the port under a unique name (MAX refuses to override a built-in one) and rewrites. */
export async function renameArchitecture(name: string): Promise<void> {
  const { checkpoint } = usePortStore.getState();
  const dir = checkpoint && useProjectStore.getState().dirs[checkpoint.source];
  if (!checkpoint || !dir) return;
  useProjectStore.getState().setArchName(checkpoint.source, name);
  await writeTo(dir);
}
