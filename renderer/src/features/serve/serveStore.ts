import { create } from 'zustand';
import type { RunStatus, ServePlan, SmokeResult } from '@shared/serve/types';

/** The package file a failure points at, shown at its line. */
export interface FilePeek {
  path: string;
  file: string;
  line: number;
  text: string;
}

export interface SmokeState {
  runId: string;
  prompt: string;
  /** The answer so far, piece by piece as it streams. */
  text: string;
  running: boolean;
  result: SmokeResult | null;
  error: string | null;
}

/** UI state of the Serve panel: the plan for the port, the runs it watches, the smoke answer, the peek. */
interface ServeState {
  plans: Record<string, ServePlan | undefined>;
  planErrors: Record<string, string | undefined>;
  runs: Record<string, RunStatus>;
  /** The run the panel shows, per port folder. */
  shown: Record<string, string | undefined>;
  /** The HTTP port typed for the next start, per port folder (empty: let Bringup choose). */
  portField: Record<string, string>;
  busy: boolean;
  error: string | null;
  smoke: SmokeState | null;
  peek: FilePeek | null;
  setPlan(dir: string, plan: ServePlan | null, error?: string): void;
  setRun(status: RunStatus): void;
  show(dir: string, runId: string): void;
  setPortField(dir: string, value: string): void;
  setBusy(busy: boolean, error?: string | null): void;
  setSmoke(smoke: SmokeState | null): void;
  smokeText(runId: string, text: string): void;
  setPeek(peek: FilePeek | null): void;
}

export const useServeStore = create<ServeState>((set) => ({
  plans: {},
  planErrors: {},
  runs: {},
  shown: {},
  portField: {},
  busy: false,
  error: null,
  smoke: null,
  peek: null,
  setPlan: (dir, plan, error) => set((s) => ({ plans: { ...s.plans, [dir]: plan ?? undefined }, planErrors: { ...s.planErrors, [dir]: error } })),
  setRun: (status) => set((s) => ({ runs: { ...s.runs, [status.runId]: status } })),
  show: (dir, runId) => set((s) => ({ shown: { ...s.shown, [dir]: runId } })),
  setPortField: (dir, value) => set((s) => ({ portField: { ...s.portField, [dir]: value } })),
  setBusy: (busy, error = null) => set({ busy, error }),
  setSmoke: (smoke) => set({ smoke }),
  smokeText: (runId, text) => set((s) => (s.smoke && s.smoke.runId === runId && s.smoke.running ? { smoke: { ...s.smoke, text: s.smoke.text + text } } : {})),
  setPeek: (peek) => set({ peek }),
}));
