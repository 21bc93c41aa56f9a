import { create } from 'zustand';
import type { HookPresetView } from '@shared/api/types';
import type { Hook } from '@shared/project/schema';

export const useHooksStore = create<{
  dir: string | null;
  hooks: Hook[];
  presets: HookPresetView[];
  placeholders: Record<string, string>;
  error: string | null;
  loaded(dir: string, list: { hooks: Hook[]; presets: HookPresetView[]; placeholders: Record<string, string> }): void;
  failed(error: string): void;
}>((set) => ({
  dir: null,
  hooks: [],
  presets: [],
  placeholders: {},
  error: null,
  loaded: (dir, list) => set({ dir, ...list, error: null }),
  failed: (error) => set({ error }),
}));
