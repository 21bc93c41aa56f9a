import { describe, expect, it } from 'vitest';
import { formatAgo, formatEta, formatRate, parsePatterns, percent } from './format';

describe('download formatting', () => {
  it('formats rates and unknown rates', () => {
    expect(formatRate(0)).toBe('—');
    expect(formatRate(Number.NaN)).toBe('—');
    expect(formatRate(512)).toBe('512 B/s');
    expect(formatRate(12.5 * 1024 * 1024)).toBe('12.5 MiB/s');
  });

  it('formats time left', () => {
    expect(formatEta(null)).toBe('—');
    expect(formatEta(-1)).toBe('—');
    expect(formatEta(0)).toBe('0 s');
    expect(formatEta(44.2)).toBe('45 s');
    expect(formatEta(185)).toBe('3 min 05 s');
    expect(formatEta(2 * 3600 + 4 * 60)).toBe('2 h 04 min');
    expect(formatEta(500 * 3600)).toBe('500 h');
  });

  it('computes clamped percentages', () => {
    expect(percent(0, 0)).toBe(100);
    expect(percent(50, 200)).toBe(25);
    expect(percent(300, 200)).toBe(100);
    expect(percent(199, 200)).toBe(99);
  });

  it('formats ages relative to now', () => {
    const now = Date.parse('2025-06-10T12:00:00Z');
    expect(formatAgo(null, now)).toBe('');
    expect(formatAgo('not a date', now)).toBe('');
    expect(formatAgo('2025-06-10T11:59:30Z', now)).toBe('just now');
    expect(formatAgo('2025-06-10T11:30:00Z', now)).toBe('30 min ago');
    expect(formatAgo('2025-06-10T07:00:00Z', now)).toBe('5 h ago');
    expect(formatAgo('2025-06-01T12:00:00Z', now)).toBe('9 days ago');
    expect(formatAgo('2024-01-02T00:00:00Z', now)).toBe('2024-01-02');
  });
});

describe('download patterns', () => {
  it('splits on commas and spaces and removes duplicates', () => {
    expect(parsePatterns(' *.json, model-0000?-*.safetensors  *.json\n')).toEqual({ patterns: ['*.json', 'model-0000?-*.safetensors'] });
  });

  it('refuses empty input and patterns that leave the repo', () => {
    expect(parsePatterns(' , ')).toHaveProperty('error');
    expect(parsePatterns('../x')).toHaveProperty('error');
    expect(parsePatterns('/etc/*')).toHaveProperty('error');
    expect(parsePatterns('a\\b')).toHaveProperty('error');
    expect(parsePatterns(Array.from({ length: 51 }, (_, i) => `f${i}`).join(' '))).toHaveProperty('error');
  });
});
