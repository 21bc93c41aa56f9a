import { api } from '../../platform/bridge';
import { useQuickPick, type QuickPickItem } from '../../app/commands/quickPick';
import { useCacheStore } from '../cache/cacheStore';
import { sourceTitle } from './displayName';
import { openExample, openSource } from './openActions';
import { useRecentStore } from './recentStore';

/**
 * Open…: one list of everything that can be opened without a dialog (recent, the HF cache, added
 * folders, the examples), filtered as you type; Enter on anything else opens it as a path or repo id.
 */
export async function showQuickOpen(): Promise<void> {
  const items: QuickPickItem[] = useRecentStore.getState().recent.map((r) => ({
    id: `recent:${r.source}`,
    label: sourceTitle(r.source),
    detail: `recent · ${r.source}`,
    run: () => void openSource(r.source),
  }));
  for (const repo of useCacheStore.getState().report?.repos ?? []) {
    if (repo.repoType !== 'model') continue;
    for (const rev of repo.revisions) {
      const source = `${repo.repoId}@${rev.commit}`;
      items.push({ id: `cache:${source}`, label: sourceTitle(source), detail: `HF cache${rev.refs.length ? ` · ${rev.refs.join(', ')}` : ''}`, run: () => void openSource(source) });
    }
  }
  for (const scan of Object.values(useCacheStore.getState().folders)) {
    for (const c of scan.items) items.push({ id: `folder:${c.path}`, label: sourceTitle(c.path), detail: `folder · ${c.path}`, run: () => void openSource(c.path) });
  }
  const examples = await api.app.listExamples().catch(() => []);
  for (const e of examples) items.push({ id: `example:${e.id}`, label: e.title, detail: `example · ${e.repoId}`, run: () => void openExample(e.id) });
  useQuickPick.getState().show({
    title: 'Open a checkpoint',
    placeholder: 'A folder, a config.json, org/name[@rev], or pick one below',
    items,
    acceptText: { label: (text) => `Open ${text}`, run: (text) => void openSource(text) },
  });
}
