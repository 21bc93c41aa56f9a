import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinShardByOrder, sortedNameIndex } from './indexJoin';

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('the join by order', () => {
  it('a header joins its index entries exactly when it holds the same names, in any order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 6 }), { maxLength: 12 }), fc.nat(), fc.boolean(), (names, seed, defect) => {
        const listed = [...names].sort(byCodeUnits);
        if (defect && listed.length) listed[seed % listed.length] += 'x';
        const tensorNames = ['before', ...listed];
        const entries = Int32Array.from(listed, (_, k) => k + 1);
        const header = [...names].sort(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 3 - 1);
        const order = header.map((_, i) => i).sort((a, b) => byCodeUnits(header[a], header[b]));
        const positions = joinShardByOrder(header, order, tensorNames, entries);
        const same = [...header].sort(byCodeUnits).join('\n') === listed.join('\n');
        expect(positions !== null).toBe(same);
        if (positions) positions.forEach((t, k) => expect(header[t]).toBe(tensorNames[entries[k]]));
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('a sorted name index answers as a map would', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 5 }), { maxLength: 20 }), fc.array(fc.string({ maxLength: 5 }), { maxLength: 10 }), (names, probes) => {
        const sorted = [...names].sort(byCodeUnits);
        const rows = Int32Array.from(sorted, (_, i) => 100 + i);
        const map = new Map(sorted.map((n, i) => [n, rows[i]]));
        const index = sortedNameIndex(sorted, rows);
        for (const p of [...names, ...probes]) expect(index.get(p)).toBe(map.get(p));
      }),
      { numRuns: 300, seed: 9 },
    );
  });
});
