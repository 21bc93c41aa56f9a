import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CONFLICT_MARKERS, merge3 } from './merge3';

const base = ['import a', '', 'class C:', '    x = 1', '    y = 2', '', 'def f():', '    return 1', ''].join('\n');

describe('merge3', () => {
  test('a user edit is kept when regeneration changes other lines', () => {
    const ours = base.replace('    x = 1', '    x = 1  # tuned by hand');
    const theirs = base.replace('    return 1', '    return 2');
    const merged = merge3(base, ours, theirs);
    expect(merged.clean).toBe(true);
    expect(merged.text).toContain('    x = 1  # tuned by hand');
    expect(merged.text).toContain('    return 2');
  });

  test('both sides changing the same line is a conflict with all three versions and the line in ours', () => {
    const ours = base.replace('    y = 2', '    y = 3');
    const theirs = base.replace('    y = 2', '    y = 4');
    const merged = merge3(base, ours, theirs);
    expect(merged.clean).toBe(false);
    expect(merged.conflicts).toEqual([{ ours: ['    y = 3'], theirs: ['    y = 4'], base: ['    y = 2'], startLine: 5 }]);
    expect(merged.text).toContain([CONFLICT_MARKERS.ours, '    y = 3', CONFLICT_MARKERS.base, '    y = 2', CONFLICT_MARKERS.split, '    y = 4', CONFLICT_MARKERS.theirs].join('\n'));
  });

  test('the same change on both sides is not a conflict', () => {
    const both = base.replace('    y = 2', '    y = 9');
    expect(merge3(base, both, both)).toEqual({ text: both, conflicts: [], clean: true });
  });

  test('lines the user added are kept', () => {
    const ours = base.replace('def f():', 'def helper():\n    pass\n\n\ndef f():');
    const theirs = base.replace('import a', 'import a\nimport b');
    const merged = merge3(base, ours, theirs);
    expect(merged.clean).toBe(true);
    expect(merged.text).toBe(theirs.replace('def f():', 'def helper():\n    pass\n\n\ndef f():'));
  });

  test('CRLF files merge line by line and keep CRLF', () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const merged = merge3(base, crlf(base.replace('x = 1', 'x = 5')), base.replace('return 1', 'return 0'));
    expect(merged.clean).toBe(true);
    expect(merged.text).toBe(crlf(base.replace('x = 1', 'x = 5').replace('return 1', 'return 0')));
  });

  test('property: untouched ours takes theirs; untouched theirs keeps ours', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', '', '# x'), { maxLength: 12 }).map((l) => (l.length ? l.join('\n') + '\n' : ''));
    fc.assert(fc.property(lines, lines, (o, other) => {
      expect(merge3(o, o, other)).toMatchObject({ text: other, clean: true });
      expect(merge3(o, other, o)).toMatchObject({ text: other, clean: true });
    }), { numRuns: 300, seed: 7 });
  });
});
