import { describe, expect, it } from 'vitest';
import { alignLines } from './diskAlign';

describe('the file on disk against a fresh generation', () => {
  it('marks the lines the user changed or added, and maps generated lines past them', () => {
    const generated = 'a\nb\nc\nd\n';
    const disk = 'a\nB (mine)\nc\nmy helper\nd\n';
    const align = alignLines(generated, disk);
    expect(align.differing).toEqual([2, 4]);
    expect(align.missing).toBe(1);
    expect([1, 2, 3, 4].map(align.toDisk)).toEqual([1, null, 3, 5]);
    expect(align.toGenerated(4)).toBeNull();
    expect(align.toGenerated(5)).toBe(4);
  });

  it('an unchanged file differs nowhere', () => {
    const align = alignLines('x\ny\n', 'x\ny\n');
    expect(align).toMatchObject({ differing: [], missing: 0 });
    expect(align.toDisk(2)).toBe(2);
  });
});
