import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { monaco } from './monacoSetup';

/** How config.json is annotated: categories in the gutter and on hover (calm), or also written inline. */
export const useEditorPrefs = create<{ inlineLabels: boolean; setInlineLabels(on: boolean): void }>()(
  persist((set) => ({ inlineLabels: false, setInlineLabels: (inlineLabels) => set({ inlineLabels }) }), { name: 'bringup.editor' }),
);

/** What the status bar says about the editors: whether Tab moves focus (Ctrl+M), and whether config.json has focus. */
export const useEditorStatus = create<{ tabMovesFocus: boolean; configFocused: boolean }>(() => ({ tabMovesFocus: false, configFocused: false }));

/** Editable editors, for the commands that act on "an editor" (Tab moves focus is global to Monaco). */
export const writableEditors = new Set<monaco.editor.IStandaloneCodeEditor>();

/**
 * Toggles whether Tab moves focus out of the editors (Monaco's own Ctrl+M action; its state is
 * global and not readable through the API, so the store follows the toggles, all of which come
 * through here: Ctrl+M is a registered command that reaches Monaco no other way). Kept out of
 * MonacoEditor.tsx so the status bar and the commands do not pull Monaco into the first screen.
 */
export function toggleTabMovesFocus(): void {
  const editor = [...writableEditors][0];
  if (!editor) return;
  editor.trigger('bringup', 'editor.action.toggleTabFocusMode', null);
  useEditorStatus.setState((s) => ({ tabMovesFocus: !s.tabMovesFocus }));
}
