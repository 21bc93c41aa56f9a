import { describe, expect, it } from 'vitest';
import { formatChord, matchesChord, parseChord } from './keys';

const key = (code: string, k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({
  code, key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods,
});

describe('shortcuts', () => {
  it('Mod is Ctrl off macOS and Cmd on it', () => {
    const chord = parseChord('Mod+Shift+P');
    expect(matchesChord(key('KeyP', 'P', { ctrlKey: true, shiftKey: true }), chord, false)).toBe(true);
    expect(matchesChord(key('KeyP', 'P', { ctrlKey: true, shiftKey: true }), chord, true)).toBe(false);
    expect(matchesChord(key('KeyP', 'P', { metaKey: true, shiftKey: true }), chord, true)).toBe(true);
    expect(matchesChord(key('KeyP', 'p', { ctrlKey: true }), chord, false)).toBe(false); // Shift is required
  });

  it('matches the physical key, so a layout or Shift does not change it', () => {
    expect(matchesChord(key('Digit1', '&', { ctrlKey: true }), parseChord('Mod+1'), false)).toBe(true); // AZERTY
    expect(matchesChord(key('KeyO', 'o', { ctrlKey: true }), parseChord('Mod+O'), false)).toBe(true);
    expect(matchesChord(key('Slash', '/', { ctrlKey: true }), parseChord('Mod+/'), false)).toBe(true);
    expect(matchesChord(key('F1', 'F1'), parseChord('F1'), false)).toBe(true);
    expect(matchesChord(key('KeyM', 'm', { ctrlKey: true }), parseChord('Ctrl+M'), true)).toBe(true); // Ctrl stays Ctrl on macOS
  });

  it('shows shortcuts the platform way', () => {
    expect(formatChord('Mod+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(formatChord('Mod+Shift+P', true)).toBe('⇧⌘P');
    expect(formatChord('F1', false)).toBe('F1');
    expect(formatChord('Mod+/', false)).toBe('Ctrl+/');
  });

  it('refuses a shortcut it cannot read', () => {
    expect(() => parseChord('Hyper+K')).toThrow(/unknown modifier/);
  });
});
