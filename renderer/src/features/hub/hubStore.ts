import { create } from 'zustand';
import type { HubStatus } from '@shared/api/types';
import type { DownloadProgress, HubModelInfo, HubModelSummary, HubSort, TokenStatus } from '@shared/hub/types';
import type { Settings } from '@shared/settings/types';

export interface SearchForm {
  query: string;
  library: string;
  task: string;
  sort: HubSort;
}

/** What a download was asked for, as the model page names it. */
export type DownloadWhat = 'config' | 'all' | 'patterns';

export interface DownloadEntry {
  id: string;
  repo: string | null;
  what: DownloadWhat | null;
  progress: DownloadProgress | null;
  done: { ok: boolean; message: string; snapshotDir: string | null; cancelled?: boolean } | null;
  startedAt: number;
}

export interface ModelPageState {
  repo: string;
  info: HubModelInfo | null;
  loading: boolean;
  error: string | null;
  /** The model card: undefined while it loads, null text when the repo has none. */
  readme?: { text: string | null; error: string | null };
}

/** The Hub side of the checkpoint browser: settings and status, search results, the model page, downloads. */
export interface HubState {
  settings: Settings | null;
  status: HubStatus | null;
  token: TokenStatus | null;
  settingsError: string | null;
  form: SearchForm;
  results: HubModelSummary[];
  nextCursor: string | null;
  searching: boolean;
  searched: boolean;
  searchError: string | null;
  /** The Hub URL the results came from (a new Hub, or going back online, searches again). */
  resultsFor: string | null;
  model: ModelPageState | null;
  downloads: Record<string, DownloadEntry>;
  setForm(patch: Partial<SearchForm>): void;
}

export const DEFAULT_FORM: SearchForm = { query: '', library: '', task: '', sort: 'downloads' };

export const useHubStore = create<HubState>((set) => ({
  settings: null,
  status: null,
  token: null,
  settingsError: null,
  form: DEFAULT_FORM,
  results: [],
  nextCursor: null,
  searching: false,
  searched: false,
  searchError: null,
  resultsFor: null,
  model: null,
  downloads: {},
  setForm: (patch) => set((s) => ({ form: { ...s.form, ...patch } })),
}));

/** Merges what is known about a download (the id can arrive after its first events). */
export function patchDownload(id: string, patch: Partial<DownloadEntry>): void {
  useHubStore.setState((s) => {
    const prev: DownloadEntry = s.downloads[id] ?? { id, repo: null, what: null, progress: null, done: null, startedAt: Date.now() };
    return { downloads: { ...s.downloads, [id]: { ...prev, ...patch } } };
  });
}
