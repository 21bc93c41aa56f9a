import { api, client } from '../../platform/bridge';
import { errorLine } from '../hub/errors';
import { useHubStore } from '../hub/hubStore';
import { updateSettings } from '../hub/settingsActions';
import { useCacheStore, type FolderScan } from './cacheStore';

let scanning: Promise<void> | null = null;
let again = false;

/** Rescans the HF cache; calls made while a scan runs coalesce into one more scan. */
export function refreshCache(): Promise<void> {
  if (scanning) {
    again = true;
    return scanning;
  }
  useCacheStore.setState({ scanning: true });
  scanning = (async () => {
    do {
      again = false;
      try {
        useCacheStore.setState({ report: await api.cache.scan(), error: null });
      } catch (err) {
        useCacheStore.setState({ error: errorLine(err) });
      }
    } while (again);
  })().finally(() => {
    scanning = null;
    useCacheStore.setState({ scanning: false });
  });
  return scanning;
}

/** Refreshes the list when the services see the cache change; returns the unsubscribe. */
export function watchCache(): () => void {
  return client.on('onCacheChanged', () => void refreshCache());
}

export async function scanFolder(folder: string): Promise<void> {
  const set = (patch: Partial<FolderScan>) =>
    useCacheStore.setState((s) => ({ folders: { ...s.folders, [folder]: { ...(s.folders[folder] ?? { items: [], loading: false, error: null }), ...patch } } }));
  set({ loading: true, error: null });
  try {
    set({ items: await api.cache.findCheckpoints(folder), loading: false });
  } catch (err) {
    set({ items: [], loading: false, error: errorLine(err) });
  }
}

/** Adds a folder to the settings and lists the checkpoints inside it. Returns an error line or null. */
export async function addFolder(folder: string): Promise<string | null> {
  const path = folder.trim();
  if (!path) return 'give a folder path';
  const current = useHubStore.getState().settings?.folders ?? [];
  if (current.includes(path)) {
    void scanFolder(path);
    return null;
  }
  if (!(await updateSettings({ folders: [...current, path] }))) return useHubStore.getState().settingsError;
  await scanFolder(path);
  return null;
}

export async function removeFolder(folder: string): Promise<void> {
  const current = useHubStore.getState().settings?.folders ?? [];
  if (await updateSettings({ folders: current.filter((f) => f !== folder) })) {
    useCacheStore.setState((s) => {
      const { [folder]: _gone, ...rest } = s.folders;
      return { folders: rest };
    });
  }
}

/** Desktop: the native dialog; browser mode answers null (the UI shows a path field instead). */
export async function pickFolder(): Promise<string | null> {
  try {
    return await api.app.pickFolder();
  } catch {
    return null;
  }
}
