import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { ConflictVersions, ProjectWriteResult } from '@shared/project/types';

interface ProjectState {
  /** The project folder last written for each checkpoint source. */
  dirs: Record<string, string>;
  /** A registered name chosen instead of architectures[0] (a built-in name cannot be overridden). */
  archNames: Record<string, string>;
  result: ProjectWriteResult | null;
  /** The source the result belongs to. */
  resultSource: string | null;
  writing: boolean;
  error: string | null;
  askingForDir: boolean;
  conflict: ConflictVersions | null;
  setDir(source: string, dir: string): void;
  setArchName(source: string, name: string): void;
  started(): void;
  finished(source: string, result: ProjectWriteResult): void;
  failed(message: string): void;
  askForDir(asking: boolean): void;
  showConflict(conflict: ConflictVersions | null): void;
}

export const useProjectStore = create<ProjectState>()(
  persist(
    (set) => ({
      dirs: {},
      archNames: {},
      result: null,
      resultSource: null,
      writing: false,
      error: null,
      askingForDir: false,
      conflict: null,
      setDir: (source, dir) => set((s) => ({ dirs: { ...s.dirs, [source]: dir } })),
      setArchName: (source, name) => set((s) => ({ archNames: { ...s.archNames, [source]: name } })),
      started: () => set({ writing: true, error: null }),
      finished: (resultSource, result) => set({ writing: false, result, resultSource }),
      failed: (error) => set({ writing: false, error }),
      askForDir: (askingForDir) => set({ askingForDir }),
      showConflict: (conflict) => set({ conflict }),
    }),
    { name: 'bringup.projects', partialize: (s) => ({ dirs: s.dirs, archNames: s.archNames }) },
  ),
);
