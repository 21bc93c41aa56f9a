import { useEffect } from 'react';
import { STEP_ORDER } from '@shared/checklist/steps';

export interface ShortcutActions {
  openFolder(): void;
  focusPath(): void;
  selectStep(index: number): void;
  togglePanel(): void;
  showProblems(): void;
}

/** Ctrl/Cmd+O open folder, Ctrl+L path field, Ctrl+1..6 steps, Ctrl+J panel, Ctrl+Shift+M problems. */
export function useShortcuts(actions: ShortcutActions): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'o' && !e.shiftKey) actions.openFolder();
      else if (key === 'l' && !e.shiftKey) actions.focusPath();
      else if (key === 'j' && !e.shiftKey) actions.togglePanel();
      else if (key === 'm' && e.shiftKey) actions.showProblems();
      else if (/^[1-6]$/.test(e.key) && !e.shiftKey && Number(e.key) <= STEP_ORDER.length) actions.selectStep(Number(e.key) - 1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [actions]);
}
