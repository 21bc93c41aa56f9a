import { useEffect, useRef, useSyncExternalStore } from 'react';
import { formatChord, isMac, matchesChord, parseChord, type KeyChord, type KeyEventLike } from './keys';

/**
 * The one list of things the user can do: the command palette (Ctrl+Shift+P / F1), the shortcuts
 * page and every keyboard shortcut read it. A feature adds its actions with one call:
 *
 *   registerCommand({ id: 'serve.start', title: 'Start max serve', category: 'Serve', keys: ['Mod+Shift+R'], run: start });
 *
 * or, from a component that must be mounted for the action to make sense, `useCommand({...})`.
 * Registering an id again replaces the earlier command; the returned function unregisters it.
 */
export interface Command {
  /** Stable, dotted: `panel.toggle`, `serve.start`. */
  id: string;
  /** What it does, as a menu item: "Toggle the bottom panel". */
  title: string;
  /** Groups the palette and the shortcuts page: View, Port, Editor, Hub, Weights, Help... */
  category: string;
  /** Shortcuts (see keys.ts); the first is the one shown. */
  keys?: string[];
  run(): void | Promise<void>;
  /** While false, the command is left out of the palette and its shortcuts do nothing. */
  when?(): boolean;
}

interface Entry {
  command: Command;
  chords: KeyChord[];
}

const entries = new Map<string, Entry>();
const listeners = new Set<() => void>();
let snapshot: Command[] = [];

function changed(): void {
  snapshot = [...entries.values()].map((e) => e.command);
  listeners.forEach((l) => l());
}

export function registerCommand(command: Command): () => void {
  const chords = (command.keys ?? []).map(parseChord);
  for (const [id, other] of entries) {
    if (id === command.id) continue;
    const clash = (command.keys ?? []).find((k, i) => other.chords.some((c) => sameChord(c, chords[i])));
    // A shortcut bound twice is a bug: say so loudly (the e2e specs fail on console errors).
    if (clash) console.error(`shortcut ${clash} of ${command.id} is already bound to ${id}`);
  }
  const entry = { command, chords };
  entries.set(command.id, entry);
  changed();
  return () => {
    if (entries.get(command.id) !== entry) return; // replaced since: leave the newer one
    entries.delete(command.id);
    changed();
  };
}

export function registerCommands(commands: Command[]): () => void {
  const offs = commands.map(registerCommand);
  return () => offs.forEach((off) => off());
}

export function getCommands(): Command[] {
  return snapshot;
}

export function isEnabled(command: Command): boolean {
  return command.when?.() ?? true;
}

export function runCommand(id: string): boolean {
  const entry = entries.get(id);
  if (!entry || !isEnabled(entry.command)) return false;
  void entry.command.run();
  return true;
}

/** The shown form of a command's first shortcut, or '' (for titles: `Write package (Ctrl+S)`). */
export function shortcutOf(id: string): string {
  const key = entries.get(id)?.command.keys?.[0];
  return key ? formatChord(key, isMac) : '';
}

export function useCommands(): Command[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getCommands,
  );
}

/** Registers a command while the component is mounted; `run` and `when` always see the latest render. */
export function useCommand(command: Command): void {
  const latest = useRef(command);
  latest.current = command;
  const keys = (command.keys ?? []).join(' ');
  useEffect(
    () =>
      registerCommand({
        ...latest.current,
        run: () => latest.current.run(),
        when: () => latest.current.when?.() ?? true,
      }),
    [command.id, command.title, command.category, keys],
  );
}

/**
 * The shortcut dispatcher: the first enabled command whose shortcut matches runs, and the event
 * goes no further (Monaco and the browser do not also act on it). Returns whether it ran one.
 */
export function dispatchKey(e: KeyEventLike, mac = isMac): boolean {
  for (const { command, chords } of entries.values()) {
    if (!chords.some((c) => matchesChord(e, c, mac))) continue;
    if (!isEnabled(command)) continue;
    void command.run();
    return true;
  }
  return false;
}

export function installShortcuts(): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.isComposing) return;
    if (dispatchKey(e)) {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  window.addEventListener('keydown', onKey, true);
  return () => window.removeEventListener('keydown', onKey, true);
}

function sameChord(a: KeyChord, b: KeyChord): boolean {
  return a.key === b.key && a.mod === b.mod && a.ctrl === b.ctrl && a.shift === b.shift && a.alt === b.alt;
}
