import { create } from 'zustand';
import type { CacheReport, FoundCheckpoint } from '@shared/cache/types';

export interface FolderScan {
  items: FoundCheckpoint[];
  loading: boolean;
  error: string | null;
}

/** The local side of the checkpoint browser: the last HF cache scan and what each added folder holds. */
export interface CacheState {
  report: CacheReport | null;
  scanning: boolean;
  error: string | null;
  folders: Record<string, FolderScan>;
  /** Repos whose revisions are shown. */
  expanded: Record<string, boolean>;
  toggle(repoId: string): void;
}

export const useCacheStore = create<CacheState>((set) => ({
  report: null,
  scanning: false,
  error: null,
  folders: {},
  expanded: {},
  toggle: (repoId) => set((s) => ({ expanded: { ...s.expanded, [repoId]: !s.expanded[repoId] } })),
}));
