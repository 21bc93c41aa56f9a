import { useEffect, useRef } from 'react';
import { create } from 'zustand';
import { formatChord, isMac } from './keys';
import { useCommands, type Command } from './registry';

export const useShortcutsPage = create<{ open: boolean; setOpen(open: boolean): void }>((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));

/** What the editors do themselves (Monaco's own bindings), listed so nobody has to guess. */
const EDITOR_KEYS: Array<[string, string]> = [
  ['Mod+F', 'Find in the editor'],
  ['Mod+Z', 'Undo an edit to config.json'],
  ['Alt+F1', 'Accessibility help of the editor'],
];

/** Every command with its shortcut, grouped by category (from the command registry), plus the editors' own keys. */
export function ShortcutsPage() {
  const open = useShortcutsPage((s) => s.open);
  const commands = useCommands();
  const dialog = useRef<HTMLDivElement>(null);
  const returnFocus = useRef<Element | null>(null);

  useEffect(() => {
    if (!open) return;
    returnFocus.current = document.activeElement;
    dialog.current?.focus();
    return () => {
      if (returnFocus.current instanceof HTMLElement && returnFocus.current.isConnected) returnFocus.current.focus();
    };
  }, [open]);

  if (!open) return null;
  const groups = new Map<string, Command[]>();
  for (const c of commands) groups.set(c.category, [...(groups.get(c.category) ?? []), c]);
  const close = () => useShortcutsPage.getState().setOpen(false);

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className="modal shortcuts"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        tabIndex={-1}
        ref={dialog}
        data-testid="shortcuts-page"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            close();
          }
        }}
      >
        <div className="shortcuts-head">
          <h3>Keyboard shortcuts</h3>
          <button className="icon-button" aria-label="Close" onClick={close}>×</button>
        </div>
        <p className="muted">Every action is also in the command palette ({formatChord('Mod+Shift+P', isMac)} or F1).</p>
        <div className="shortcuts-body">
          {[...groups].map(([category, list]) => (
            <section key={category}>
              <h4 className="section-title">{category}</h4>
              <table className="shortcuts-table">
                <tbody>
                  {list.map((c) => (
                    <tr key={c.id} data-testid="shortcut-row" data-id={c.id}>
                      <td>{c.title}</td>
                      <td className="keys">{c.keys?.length ? c.keys.map((k) => <kbd key={k}>{formatChord(k, isMac)}</kbd>) : <span className="muted">palette only</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
          <section>
            <h4 className="section-title">In an editor</h4>
            <table className="shortcuts-table">
              <tbody>
                {EDITOR_KEYS.map(([k, what]) => (
                  <tr key={k}><td>{what}</td><td className="keys"><kbd>{formatChord(k, isMac)}</kbd></td></tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      </div>
    </div>
  );
}
