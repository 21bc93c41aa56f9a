import type { SearchParams } from '@shared/hub/types';
import { api, client } from '../../platform/bridge';
import { openSource } from '../checkpoints/openActions';
import { usePortStore } from '../port/portStore';
import { errorLine } from './errors';
import { patchDownload, useHubStore, type DownloadWhat, type ModelPageState } from './hubStore';
import { useMainView } from './mainView';

const PAGE = 30;
// Only the latest search may write results (an older, slower answer is dropped).
let searchSeq = 0;

/** A new search from the form (Enter or a filter change), replacing the results. */
export async function search(): Promise<void> {
  const seq = ++searchSeq;
  const { form, status } = useHubStore.getState();
  const params: SearchParams = { sort: form.sort, limit: PAGE };
  if (form.query.trim()) params.query = form.query.trim();
  if (form.library) params.library = form.library;
  if (form.task) params.task = form.task;
  useHubStore.setState({ searching: true, searchError: null, resultsFor: status?.hubUrl ?? null });
  try {
    const page = await api.hub.search(params);
    if (seq !== searchSeq) return;
    useHubStore.setState({ results: page.items, nextCursor: page.nextCursor, searching: false, searched: true });
  } catch (err) {
    if (seq !== searchSeq) return;
    useHubStore.setState({ results: [], nextCursor: null, searching: false, searched: true, searchError: errorLine(err) });
  }
}

/** The next page (the Hub's cursor), appended. */
export async function loadMore(): Promise<void> {
  const { nextCursor, searching } = useHubStore.getState();
  if (!nextCursor || searching) return;
  const seq = searchSeq;
  useHubStore.setState({ searching: true, searchError: null });
  try {
    const page = await api.hub.search({ cursor: nextCursor });
    if (seq !== searchSeq) return;
    const seen = new Set(useHubStore.getState().results.map((r) => r.id));
    useHubStore.setState((s) => ({ results: [...s.results, ...page.items.filter((i) => !seen.has(i.id))], nextCursor: page.nextCursor, searching: false }));
  } catch (err) {
    if (seq === searchSeq) useHubStore.setState({ searching: false, searchError: errorLine(err) });
  }
}

/** Shows a repo's model page in the main area and loads its info and file list, then its model card. */
export async function openModelPage(repo: string): Promise<void> {
  useHubStore.setState({ model: { repo, info: null, loading: true, error: null } });
  useMainView.getState().showHubModel();
  const mine = () => useHubStore.getState().model?.repo === repo;
  let sha: string;
  try {
    const info = await api.hub.modelInfo(repo);
    if (!mine()) return;
    useHubStore.setState({ model: { repo, info, loading: false, error: null } });
    sha = info.sha;
  } catch (err) {
    if (mine()) useHubStore.setState({ model: { repo, info: null, loading: false, error: errorLine(err) } });
    return;
  }
  let readme: NonNullable<ModelPageState['readme']>;
  try {
    readme = { text: (await api.hub.readme(repo, sha)).text, error: null };
  } catch (err) {
    readme = { text: null, error: errorLine(err) };
  }
  if (mine()) useHubStore.setState((s) => ({ model: s.model && { ...s.model, readme } }));
}

/** Inspect: opens the repo as a checkpoint (config.json read remotely, no weights downloaded). Returns an error line or null. */
export async function inspectRepo(repo: string): Promise<string | null> {
  await openSource(repo);
  const { openError, checkpoint } = usePortStore.getState();
  if (openError) {
    // The model page shows it; the port view keeps what it had open.
    usePortStore.getState().failed('');
    return openError;
  }
  return checkpoint ? null : 'nothing was opened';
}

export async function startDownload(repo: string, what: DownloadWhat, patterns: string[] = []): Promise<string | null> {
  try {
    const include = what === 'patterns' ? patterns : what;
    const { id } = await api.hub.download({ repo, include });
    patchDownload(id, { repo, what });
    // A new attempt supersedes the repo's earlier cancelled or failed ones: their cards go.
    useHubStore.setState((s) => ({ downloads: Object.fromEntries(Object.entries(s.downloads).filter(([key, d]) => key === id || d.repo !== repo || !d.done || d.done.ok)) }));
    return null;
  } catch (err) {
    return errorLine(err);
  }
}

export async function cancelDownload(id: string): Promise<void> {
  try {
    await api.hub.cancelDownload(id);
  } catch (err) {
    // Already finished: the done event carries the outcome; anything else is shown on the entry.
    const entry = useHubStore.getState().downloads[id];
    if (entry && !entry.done) patchDownload(id, { done: { ok: false, message: errorLine(err), snapshotDir: null } });
  }
}

export function dismissDownload(id: string): void {
  useHubStore.setState((s) => {
    const { [id]: _gone, ...rest } = s.downloads;
    return { downloads: rest };
  });
}

/** Subscribes to download events once; returns the unsubscribe. */
export function watchDownloads(onDone?: () => void): () => void {
  const offProgress = client.on('onDownloadProgress', (progress) => patchDownload(progress.id, { progress }));
  const offDone = client.on('onDownloadDone', (done) => {
    patchDownload(done.id, { repo: done.repo, done: { ok: done.ok, message: done.message, snapshotDir: done.snapshotDir, cancelled: done.cancelled } });
    onDone?.();
  });
  return () => {
    offProgress();
    offDone();
  };
}
