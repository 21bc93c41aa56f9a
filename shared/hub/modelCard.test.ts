import { describe, expect, it } from 'vitest';
import { stripFrontMatter } from './modelCard';

describe('stripFrontMatter', () => {
  it('drops the leading YAML block the Hub parses into cardData, and only that', () => {
    expect(stripFrontMatter('---\nlicense: mit\ntags:\n  - a\n---\n\n# Title\n')).toBe('\n# Title\n');
    expect(stripFrontMatter('\uFEFF---\r\nlicense: mit\r\n---\r\nBody')).toBe('Body');
    expect(stripFrontMatter('# Title\n\n---\nnot front matter\n---\n')).toBe('# Title\n\n---\nnot front matter\n---\n');
    expect(stripFrontMatter('---\nunclosed')).toBe('---\nunclosed');
  });
});
