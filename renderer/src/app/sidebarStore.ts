import { create } from 'zustand';

export type SidebarTab = 'local' | 'hub';
const TAB_KEY = 'bringup.sidebar.tab';

/** The checkpoint browser's tab and whether Hub settings are open (commands switch them too). */
export const useSidebarStore = create<{ tab: SidebarTab; settingsOpen: boolean; setTab(tab: SidebarTab): void; setSettingsOpen(open: boolean): void }>((set) => ({
  tab: localStorage.getItem(TAB_KEY) === 'hub' ? 'hub' : 'local',
  settingsOpen: false,
  setTab: (tab) => {
    localStorage.setItem(TAB_KEY, tab);
    set({ tab });
  },
  setSettingsOpen: (settingsOpen) => set({ settingsOpen }),
}));
