import { create } from 'zustand';
import { persist } from 'zustand/middleware';

/** How config.json is annotated: categories in the gutter and on hover (calm), or also written inline. */
export const useEditorPrefs = create<{ inlineLabels: boolean; setInlineLabels(on: boolean): void }>()(
  persist((set) => ({ inlineLabels: false, setInlineLabels: (inlineLabels) => set({ inlineLabels }) }), { name: 'bringup.editor' }),
);

/** What the status bar says about the editors: whether Tab moves focus (Ctrl+M), and whether config.json has focus. */
export const useEditorStatus = create<{ tabMovesFocus: boolean; configFocused: boolean }>(() => ({ tabMovesFocus: false, configFocused: false }));
