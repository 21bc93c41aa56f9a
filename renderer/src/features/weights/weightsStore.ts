import { create } from 'zustand';
import type { WeightsReport } from '@shared/weights/types';
import type { Grouping } from './grouping';

export type WeightsSection = 'tensors' | 'crosscheck' | 'namemap' | 'chart' | 'files';

/** `remote`: read from the Hub by range requests (a Hub source, or a cached repo without its weights). */
export type WeightsEntry =
  | { status: 'loading'; request: number; remote: boolean }
  | { status: 'ready'; request: number; remote: boolean; report: WeightsReport }
  | { status: 'error'; request: number; remote: boolean; message: string };

/** A tensor to scroll to and highlight; `nonce` makes a second click on the same tensor scroll again. */
export interface TensorReveal {
  tensor: string;
  nonce: number;
}

export interface WeightsState {
  /** Reports (or their loading / error state) per checkpoint SOURCE. */
  entries: Record<string, WeightsEntry>;
  section: WeightsSection;
  filterText: string;
  dtype: string;
  shard: number;
  grouping: Grouping;
  /** Open groups, by group key. */
  openGroups: string[];
  reveal: TensorReveal | null;
  begin(source: string, request: number, remote: boolean): void;
  resolve(source: string, request: number, report: WeightsReport): void;
  reject(source: string, request: number, message: string): void;
  setSection(section: WeightsSection): void;
  setFilterText(text: string): void;
  setDtype(dtype: string): void;
  setShard(shard: number): void;
  setGrouping(grouping: Grouping): void;
  toggleGroup(key: string): void;
  clearFilters(): void;
  revealTensor(tensor: string): void;
}

/** The first line of an error message: the services promise one line naming the file and byte offset. */
export function oneLine(message: string): string {
  const line = message.split(/\r?\n/).find((l) => l.trim()) ?? 'reading the weights failed';
  return line.length > 400 ? `${line.slice(0, 399)}…` : line;
}

let nonce = 0;

export const useWeightsStore = create<WeightsState>((set) => ({
  entries: {},
  section: 'tensors',
  filterText: '',
  dtype: '',
  shard: -1,
  grouping: 'none',
  openGroups: [],
  reveal: null,
  begin: (source, request, remote) => set((s) => ({ entries: { ...s.entries, [source]: { status: 'loading', request, remote } } })),
  // A late answer for a request that was superseded (Retry clicked twice) is dropped.
  resolve: (source, request, report) =>
    set((s) => (s.entries[source]?.request === request ? { entries: { ...s.entries, [source]: { status: 'ready', request, remote: s.entries[source].remote, report } } } : s)),
  reject: (source, request, message) =>
    set((s) => (s.entries[source]?.request === request ? { entries: { ...s.entries, [source]: { status: 'error', request, remote: s.entries[source].remote, message: oneLine(message) } } } : s)),
  setSection: (section) => set({ section }),
  setFilterText: (filterText) => set({ filterText }),
  setDtype: (dtype) => set({ dtype }),
  setShard: (shard) => set({ shard }),
  setGrouping: (grouping) => set({ grouping, openGroups: [] }),
  toggleGroup: (key) => set((s) => ({ openGroups: s.openGroups.includes(key) ? s.openGroups.filter((k) => k !== key) : [...s.openGroups, key] })),
  clearFilters: () => set({ filterText: '', dtype: '', shard: -1 }),
  revealTensor: (tensor) => set({ reveal: { tensor, nonce: ++nonce } }),
}));
