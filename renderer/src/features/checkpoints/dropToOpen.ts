import { pathForFile } from '../../platform/bridge';
import { usePortStore } from '../port/portStore';
import { mayReplaceConfig, openSource } from './openActions';

/**
 * Drag and drop: on desktop the dropped folder or config.json is opened by its path; in browser
 * mode there is no path, so a dropped JSON file is read and analysed as text (no weights).
 */
export async function openDropped(files: FileList): Promise<void> {
  const file = files[0];
  if (!file) return;
  const path = pathForFile(file);
  if (path) return openSource(path);
  if (!file.name.endsWith('.json')) {
    usePortStore.getState().failed(`${file.name}: drop a config.json here (folders can be opened by path)`);
    return;
  }
  if (!mayReplaceConfig()) return;
  const text = await file.text();
  usePortStore.getState().opened({
    source: `dropped:${file.name}`,
    label: file.name,
    kind: 'dropped',
    dir: null,
    repoId: null,
    revision: null,
    files: [{ path: 'config.json', size: file.size }],
    configText: text,
    configPath: file.name,
  });
}
