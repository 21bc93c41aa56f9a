import { create } from 'zustand';
import { usePortStore } from '../port/portStore';

/** What the main area shows: the port view, or a Hub model page. */
export interface MainViewState {
  view: 'port' | 'hub-model';
  showPort(): void;
  showHubModel(): void;
}

export const useMainView = create<MainViewState>((set) => ({
  view: 'port',
  showPort: () => set({ view: 'port' }),
  showHubModel: () => set({ view: 'hub-model' }),
}));

// Opening a checkpoint (from anywhere: examples, cache, drop, Inspect) brings the port view back.
usePortStore.subscribe((s, prev) => {
  if (s.checkpoint !== prev.checkpoint && s.checkpoint) useMainView.getState().showPort();
});
