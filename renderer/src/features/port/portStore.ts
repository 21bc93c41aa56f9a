import { create } from 'zustand';
import type { OpenedCheckpoint } from '@shared/api/types';
import type { StepId } from '@shared/checklist/steps';

/** UI state of the port being worked on. The analysis and the generated files are derived (usePortModel). */
export interface PortState {
  checkpoint: OpenedCheckpoint | null;
  /** config.json as the user is editing it (the checkpoint's text until they type). */
  configText: string;
  /** The text last analysed (debounced behind configText). */
  analysedText: string;
  activeStep: StepId;
  activeFile: string;
  openError: string | null;
  loading: boolean;
  /** The MAX version the package is generated for (resources/kb/codegen/max-versions.json). */
  maxVersion: string | null;
  setMaxVersion(version: string): void;
  setConfigText(text: string): void;
  setAnalysedText(text: string): void;
  setActiveStep(step: StepId): void;
  setActiveFile(path: string): void;
  opened(checkpoint: OpenedCheckpoint): void;
  failed(message: string): void;
  startLoading(): void;
}

export const usePortStore = create<PortState>((set) => ({
  checkpoint: null,
  configText: '',
  analysedText: '',
  activeStep: 'map-fields',
  activeFile: 'model_config.py',
  openError: null,
  loading: false,
  maxVersion: null,
  setMaxVersion: (maxVersion) => set({ maxVersion }),
  setConfigText: (configText) => set({ configText }),
  setAnalysedText: (analysedText) => set({ analysedText }),
  setActiveStep: (activeStep) => set({ activeStep }),
  setActiveFile: (activeFile) => set({ activeFile }),
  opened: (checkpoint) =>
    set({ checkpoint, configText: checkpoint.configText ?? '', analysedText: checkpoint.configText ?? '', openError: null, loading: false }),
  failed: (openError) => set({ openError, loading: false }),
  startLoading: () => set({ loading: true, openError: null }),
}));
