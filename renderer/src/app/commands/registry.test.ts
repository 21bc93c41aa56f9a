import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatchKey, getCommands, registerCommand, registerCommands, runCommand } from './registry';

const ctrl = (code: string, k: string) => ({ code, key: k, ctrlKey: true, metaKey: false, shiftKey: false, altKey: false });
const offs: Array<() => void> = [];
afterEach(() => {
  offs.splice(0).forEach((off) => off());
  vi.restoreAllMocks();
});

describe('the command registry', () => {
  it('lists what features register, and forgets it when they unregister', () => {
    const run = vi.fn();
    const off = registerCommand({ id: 'test.one', title: 'One', category: 'Test', keys: ['Mod+K'], run });
    expect(getCommands().map((c) => c.id)).toContain('test.one');
    expect(runCommand('test.one')).toBe(true);
    expect(run).toHaveBeenCalledTimes(1);
    off();
    expect(getCommands().map((c) => c.id)).not.toContain('test.one');
    expect(runCommand('test.one')).toBe(false);
  });

  it('dispatches a shortcut to the first enabled command bound to it, and nothing when it is disabled', () => {
    const run = vi.fn();
    let enabled = false;
    offs.push(registerCommand({ id: 'test.k', title: 'K', category: 'Test', keys: ['Mod+K'], run, when: () => enabled }));
    expect(dispatchKey(ctrl('KeyK', 'k'), false)).toBe(false);
    enabled = true;
    expect(dispatchKey(ctrl('KeyK', 'k'), false)).toBe(true);
    expect(dispatchKey(ctrl('KeyJ', 'j'), false)).toBe(false);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('a second registration of an id replaces the first; the old unregister leaves the new one', () => {
    const first = vi.fn();
    const second = vi.fn();
    const offFirst = registerCommand({ id: 'test.same', title: 'First', category: 'Test', run: first });
    offs.push(registerCommand({ id: 'test.same', title: 'Second', category: 'Test', run: second }));
    offFirst();
    expect(getCommands().filter((c) => c.id === 'test.same').map((c) => c.title)).toEqual(['Second']);
    runCommand('test.same');
    expect(second).toHaveBeenCalled();
    expect(first).not.toHaveBeenCalled();
  });

  it('says so when a shortcut is bound twice', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    offs.push(registerCommands([
      { id: 'test.a', title: 'A', category: 'Test', keys: ['Mod+Shift+Y'], run: () => {} },
      { id: 'test.b', title: 'B', category: 'Test', keys: ['Mod+Shift+Y'], run: () => {} },
    ]));
    expect(error).toHaveBeenCalledWith(expect.stringContaining('Mod+Shift+Y of test.b is already bound to test.a'));
  });
});
