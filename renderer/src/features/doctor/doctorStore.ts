import { create } from 'zustand';
import type { DoctorReport } from '@shared/serve/doctorTypes';

export const useDoctorStore = create<{
  report: DoctorReport | null;
  running: boolean;
  error: string | null;
  note: string | null;
  started(): void;
  finished(report: DoctorReport, note: string | null): void;
  failed(error: string): void;
}>((set) => ({
  report: null,
  running: false,
  error: null,
  note: null,
  started: () => set({ running: true, error: null }),
  finished: (report, note) => set({ report, running: false, note }),
  failed: (error) => set({ running: false, error }),
}));
