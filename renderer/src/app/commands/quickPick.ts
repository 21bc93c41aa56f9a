import { create } from 'zustand';

/** One row of a quick pick: the command palette's commands, or the places Open… can open. */
export interface QuickPickItem {
  id: string;
  label: string;
  /** A second, muted line or column (a path, a repo id). */
  detail?: string;
  /** Right-aligned: a shortcut. */
  hint?: string;
  run(): void;
}

export interface QuickPickRequest {
  /** Names the dialog for assistive technology. */
  title: string;
  placeholder: string;
  items: QuickPickItem[];
  /** Enter with text that matches no item (Open…: a path or a repo id typed in). */
  acceptText?: { label(text: string): string; run(text: string): void };
}

interface QuickPickState {
  request: QuickPickRequest | null;
  show(request: QuickPickRequest): void;
  close(): void;
}

export const useQuickPick = create<QuickPickState>((set) => ({
  request: null,
  show: (request) => set({ request }),
  close: () => set({ request: null }),
}));

/** Items whose label or detail hold every word of the query, best first (label starts, then word starts). */
export function filterItems(items: QuickPickItem[], query: string): QuickPickItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return items;
  const scored: Array<{ item: QuickPickItem; score: number; index: number }> = [];
  items.forEach((item, index) => {
    const label = item.label.toLowerCase();
    const text = `${label} ${(item.detail ?? '').toLowerCase()}`;
    if (!words.every((w) => text.includes(w))) return;
    const first = words[0];
    const score = label.startsWith(first) ? 0 : new RegExp(`(^|[^a-z0-9])${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(label) ? 1 : 2;
    scored.push({ item, score, index });
  });
  return scored.sort((a, b) => a.score - b.score || a.index - b.index).map((s) => s.item);
}
