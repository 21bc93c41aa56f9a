import { create } from 'zustand';

/** Which bottom-panel tab shows, and whether the panel is open. */
export type PanelTab = 'problems' | 'summary' | 'fields' | 'weights' | 'step';

export const usePanelStore = create<{ tab: PanelTab; open: boolean; show(tab: PanelTab): void; toggle(): void }>((set) => ({
  tab: 'summary',
  open: true,
  show: (tab) => set({ tab, open: true }),
  toggle: () => set((s) => ({ open: !s.open })),
}));
