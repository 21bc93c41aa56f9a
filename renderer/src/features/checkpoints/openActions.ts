import { api } from '../../platform/bridge';
import { usePortStore } from '../port/portStore';
import { useRecentStore } from './recentStore';

/** Edits to config.json live only in the editor until the package is written: never drop them silently. */
export function mayReplaceConfig(): boolean {
  const { checkpoint, configText } = usePortStore.getState();
  if (!checkpoint || checkpoint.configText === null || configText === checkpoint.configText) return true;
  return window.confirm(`Discard your edits to config.json of ${checkpoint.label}? (Writing the package keeps them in .bringup/config.json.)`);
}

/** Opening a checkpoint: every face of the UI (examples, dialog, drop, path field, --open) goes through here. */
export async function openSource(source: string): Promise<void> {
  if (!mayReplaceConfig()) return;
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
  if (!mayReplaceConfig()) return;
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
