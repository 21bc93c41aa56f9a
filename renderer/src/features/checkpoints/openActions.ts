import { api } from '../../platform/bridge';
import { usePortStore } from '../port/portStore';
import { useRecentStore } from './recentStore';

/** Opening a checkpoint: every face of the UI (examples, dialog, drop, path field, --open) goes through here. */
export async function openSource(source: string): Promise<void> {
  const store = usePortStore.getState();
  store.startLoading();
  try {
    const checkpoint = await api.checkpoint.open(source);
    store.opened(checkpoint);
    useRecentStore.getState().remember({ source, label: checkpoint.label });
  } catch (err) {
    store.failed((err as Error).message);
  }
}

export async function openExample(id: string): Promise<void> {
  const store = usePortStore.getState();
  store.startLoading();
  try {
    store.opened(await api.checkpoint.openExample(id));
  } catch (err) {
    store.failed((err as Error).message);
  }
}

/** Desktop: the native dialog. Browser mode has none, so the caller asks for a path instead. */
export async function pickAndOpenFolder(): Promise<boolean> {
  const folder = await api.app.pickFolder();
  if (folder) await openSource(folder);
  return folder !== null;
}
