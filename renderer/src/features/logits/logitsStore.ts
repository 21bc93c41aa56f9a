import { create } from 'zustand';
import type { ProbeResult } from '@shared/logits/probe';
import type { LogitsScriptsReport } from '@shared/logits/serviceTypes';
import type { LogitsReport } from '@shared/logits/types';

/** A file to compare: a path the services can read, or a dropped File (browser mode: compared in a worker). */
export type LogitsInput = { kind: 'path'; path: string } | { kind: 'file'; file: File };


export interface LogitsResult {
  report: LogitsReport;
  /** The port folder it was recorded in as evidence, or null. */
  recordedIn: string | null;
  computedIn: 'service' | 'browser';
}

export interface LogitsState {
  ref: LogitsInput | null;
  cand: LogitsInput | null;
  /** Threshold form: empty strings mean "not given". */
  kl: string;
  cos: string;
  pipeline: string;
  status: 'idle' | 'running' | 'done' | 'error';
  progress: { done: number; total: number | null } | null;
  result: LogitsResult | null;
  error: string | null;
  /** Decoded tokens of the worst positions, by id, and where they came from. */
  tokens: Record<number, string>;
  tokenizer: string | null;
  scripts: LogitsScriptsReport | null;
  note: string | null;
  /** The logits hook running now (its run id), to stop it. */
  hookRun: string | null;
  probeUrl: string;
  probing: boolean;
  probe: ProbeResult | null;
  set(patch: Partial<LogitsState>): void;
}

export const useLogitsStore = create<LogitsState>()((set) => ({
  ref: null,
  cand: null,
  kl: '',
  cos: '',
  pipeline: '',
  hookRun: null,
  status: 'idle',
  progress: null,
  result: null,
  error: null,
  tokens: {},
  tokenizer: null,
  scripts: null,
  note: null,
  probeUrl: 'http://127.0.0.1:8000',
  probing: false,
  probe: null,
  set: (patch) => set(patch),
}));
