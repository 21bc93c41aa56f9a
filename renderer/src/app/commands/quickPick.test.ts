import { describe, expect, it } from 'vitest';
import { filterItems, type QuickPickItem } from './quickPick';

const item = (label: string, detail?: string): QuickPickItem => ({ id: label, label, detail, run: () => {} });

describe('filterItems', () => {
  const items = [item('View: Toggle the bottom panel'), item('Port: Write the package'), item('Editor: Toggle field categories'), item('Toggle offline', 'hub')];

  it('keeps items holding every word, in label or detail', () => {
    expect(filterItems(items, 'toggle panel').map((i) => i.label)).toEqual(['View: Toggle the bottom panel']);
    expect(filterItems(items, 'hub').map((i) => i.label)).toEqual(['Toggle offline']);
    expect(filterItems(items, 'nothing like it')).toEqual([]);
    expect(filterItems(items, '  ')).toBe(items);
  });

  it('ranks a label that starts with the first word, then a word start, then the rest', () => {
    expect(filterItems(items, 'toggle').map((i) => i.label)).toEqual(['Toggle offline', 'View: Toggle the bottom panel', 'Editor: Toggle field categories']);
  });
});
