import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export interface RecentEntry {
  source: string;
  label: string;
}

interface RecentState {
  recent: RecentEntry[];
  remember(entry: RecentEntry): void;
  forget(source: string): void;
}

const LIMIT = 12;

/** Recently opened checkpoints, kept in the renderer's own storage (a UI preference, not project state). */
export const useRecentStore = create<RecentState>()(
  persist(
    (set) => ({
      recent: [],
      remember: (entry) => set((s) => ({ recent: [entry, ...s.recent.filter((r) => r.source !== entry.source)].slice(0, LIMIT) })),
      forget: (source) => set((s) => ({ recent: s.recent.filter((r) => r.source !== source) })),
    }),
    { name: 'bringup.recent' },
  ),
);
