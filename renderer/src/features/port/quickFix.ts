/** A finding's quick fix for config.json (set a field to what the weights say), applied to the text as edited. */
import { setConfigValue } from '@shared/project/configEdits';
import { usePortStore } from './portStore';
import { revealRequests } from './revealRequests';

export interface QuickFix {
  path: string;
  value: unknown;
  label: string;
}

/** Applies a fix to config.json as edited (one undoable change in the editor), then reveals the field. */
export function applyQuickFix(fix: QuickFix): void {
  const store = usePortStore.getState();
  store.setConfigText(setConfigValue(store.configText, fix.path, fix.value));
  requestAnimationFrame(() => revealRequests.request(fix.path));
}
