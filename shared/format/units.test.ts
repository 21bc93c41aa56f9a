import { describe, expect, it } from 'vitest';
import { formatBytes, formatBytesDecimal, formatCount } from './units';

describe('units', () => {
  it('formats binary and decimal sizes', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(16_518_304)).toBe('15.8 MiB');
    expect(formatBytes(3 * 2 ** 30)).toBe('3.00 GiB');
    expect(formatBytesDecimal(999)).toBe('999 B');
    expect(formatBytesDecimal(16_518_304)).toBe('16.5 MB');
  });
  it('formats counts', () => {
    expect(formatCount(8_030_261_248)).toBe('8.03 B');
    expect(formatCount(4_129_264)).toBe('4.1 M');
    expect(formatCount(12)).toBe('12');
  });
});
