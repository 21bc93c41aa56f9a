import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { ConflictVersions, PortStatus, PortView, ProjectWriteResult, RecentPort, ReportResult } from '@shared/project/types';

/** What the code pane shows: a package file, or the Changes list. */
export type CodePaneMode = 'files' | 'changes';

interface ProjectState {
  /** The port open in the window, as last read from disk; null while a plain checkpoint is open. */
  port: PortView | null;
  /** The project folder last written for each checkpoint source (before it is open as a port). */
  dirs: Record<string, string>;
  /** The last write's result (feedback: where, what changed). */
  result: ProjectWriteResult | null;
  /** Shown until dismissed: the one-line summary of the last write, or of a resolution. */
  feedback: string | null;
  writing: boolean;
  error: string | null;
  askingForDir: boolean;
  conflict: ConflictVersions | null;
  mode: CodePaneMode;
  /** The start page (recent ports, open a port, examples) instead of the port. */
  home: boolean;
  recent: RecentPort[];
  report: ReportResult | null;
  setPort(port: PortView | null): void;
  setStatus(status: PortStatus): void;
  setDir(source: string, dir: string): void;
  started(): void;
  finished(result: ProjectWriteResult, feedback: string): void;
  notify(feedback: string): void;
  failed(message: string): void;
  clearFeedback(): void;
  askForDir(asking: boolean): void;
  showConflict(conflict: ConflictVersions | null): void;
  setMode(mode: CodePaneMode): void;
  showHome(home: boolean): void;
  setRecent(recent: RecentPort[]): void;
  setReport(report: ReportResult | null): void;
}

export const useProjectStore = create<ProjectState>()(
  persist(
    (set) => ({
      port: null,
      dirs: {},
      result: null,
      feedback: null,
      writing: false,
      error: null,
      askingForDir: false,
      conflict: null,
      mode: 'files',
      home: false,
      recent: [],
      report: null,
      setPort: (port) => set((s) => ({ port, dirs: port?.checkpoint ? { ...s.dirs, [port.checkpoint.source]: port.dir } : s.dirs, home: false })),
      setStatus: (status) => set((s) => (s.port ? { port: { ...s.port, status } } : s)),
      setDir: (source, dir) => set((s) => ({ dirs: { ...s.dirs, [source]: dir } })),
      started: () => set({ writing: true, error: null }),
      finished: (result, feedback) => set({ writing: false, result, feedback }),
      notify: (feedback) => set({ writing: false, feedback, error: null }),
      failed: (error) => set({ writing: false, error }),
      clearFeedback: () => set({ feedback: null, error: null }),
      askForDir: (askingForDir) => set({ askingForDir }),
      showConflict: (conflict) => set({ conflict }),
      setMode: (mode) => set({ mode }),
      showHome: (home) => set({ home }),
      setRecent: (recent) => set({ recent }),
      setReport: (report) => set({ report }),
    }),
    { name: 'bringup.projects', partialize: (s) => ({ dirs: s.dirs }) },
  ),
);

/** The open port's folder when it belongs to the checkpoint in the editor. */
export const portDirFor = (state: { port: PortView | null }, source: string | null | undefined): string | null =>
  state.port && source && state.port.checkpoint?.source === source ? state.port.dir : null;
