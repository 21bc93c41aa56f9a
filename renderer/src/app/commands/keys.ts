/**
 * Keyboard shortcuts as plain strings: `Mod+Shift+P`, `F1`, `Ctrl+M`, `Mod+1`, `Mod+/`.
 * `Mod` is Cmd on macOS and Ctrl elsewhere; `Ctrl` is Ctrl everywhere. Keys are matched by physical
 * key where a layout could move them (letters, digits, `/`), so a shortcut works on any layout.
 */
export interface KeyChord {
  mod: boolean;
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
  /** Lower-case letter or digit, `/`, or a key name such as `f1`, `escape`, `pagedown`. */
  key: string;
}

export interface KeyEventLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export function parseChord(spec: string): KeyChord {
  const parts = spec.split('+');
  const key = parts.pop()!.toLowerCase();
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  for (const m of mods) if (!['mod', 'ctrl', 'shift', 'alt'].includes(m)) throw new Error(`unknown modifier ${m} in shortcut ${spec}`);
  if (!key) throw new Error(`no key in shortcut ${spec}`);
  return { mod: mods.has('mod'), ctrl: mods.has('ctrl'), shift: mods.has('shift'), alt: mods.has('alt'), key };
}

/** The key an event is about, normalised: physical letters and digits, else the key name. */
function eventKey(e: KeyEventLike): string {
  if (/^Key[A-Z]$/.test(e.code)) return e.code.slice(3).toLowerCase();
  if (/^Digit\d$/.test(e.code)) return e.code.slice(5);
  if (e.code === 'Slash') return '/';
  return e.key.toLowerCase();
}

export function matchesChord(e: KeyEventLike, chord: KeyChord, mac: boolean): boolean {
  const wantCtrl = chord.ctrl || (chord.mod && !mac);
  const wantMeta = chord.mod && mac;
  return e.ctrlKey === wantCtrl && e.metaKey === wantMeta && e.shiftKey === chord.shift && e.altKey === chord.alt && eventKey(e) === chord.key;
}

const NAMES: Record<string, string> = { escape: 'Esc', pagedown: 'PageDown', pageup: 'PageUp', arrowup: '↑', arrowdown: '↓', arrowleft: '←', arrowright: '→', enter: 'Enter', ' ': 'Space' };

/** `Ctrl+Shift+P` (or `⇧⌘P` on macOS) for menus, tooltips and the shortcuts page. */
export function formatChord(spec: string, mac: boolean): string {
  const c = parseChord(spec);
  const key = NAMES[c.key] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key.toUpperCase());
  if (mac) return `${c.ctrl ? '⌃' : ''}${c.alt ? '⌥' : ''}${c.shift ? '⇧' : ''}${c.mod ? '⌘' : ''}${key}`;
  return [c.ctrl || c.mod ? 'Ctrl' : '', c.alt ? 'Alt' : '', c.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
