import { describe, expect, it } from 'vitest';
import css from './theme.css?raw';
import { contrastRatio, themeVariables } from './contrast';

/**
 * Text and the backgrounds it is drawn on, as the stylesheets pair them (WCAG 2.x, 1.4.3: 4.5:1
 * for text; 1.4.11: 3:1 for focus rings and other non-text marks).
 */
const TEXT: Array<[fg: string, bg: string[]]> = [
  ['--fg', ['--bg', '--bg-side', '--bg-rail', '--bg-panel', '--bg-hover', '--bg-active']],
  ['--fg-muted', ['--bg', '--bg-side', '--bg-rail', '--bg-panel', '--bg-hover']],
  ['--accent', ['--bg', '--bg-side', '--bg-panel']],
  ['--status-fg', ['--status-bg']],
  ['--accent-fg', ['--accent-strong']],
  ['--badge-fg', ['--badge-ok', '--badge-info', '--badge-warn', '--badge-err', '--badge-muted']],
  ['--ok', ['--bg', '--bg-side', '--bg-panel']],
  ['--warn', ['--bg', '--bg-side', '--bg-panel']],
  ['--err', ['--bg', '--bg-side', '--bg-panel']],
  ['--info', ['--bg', '--bg-side', '--bg-panel']],
  ...['identity', 'dimension', 'structural', 'macro', 'quantization', 'tokens', 'training', 'unknown'].map((c): [string, string[]] => [`--cat-${c}`, ['--bg', '--bg-side']]),
];
const MARKS: Array<[fg: string, bg: string[]]> = [['--focus', ['--bg', '--bg-side', '--bg-rail', '--bg-panel', '--bg-active']]];

const themes = themeVariables(css);

describe.each(Object.entries(themes))('the %s theme', (_name, vars) => {
  const colour = (v: string) => {
    expect(vars[v], `${v} is defined`).toMatch(/^#[0-9a-f]{3,6}$/i);
    return vars[v];
  };
  it.each(TEXT)('text in %s reads at 4.5:1 or more on its backgrounds', (fg, backgrounds) => {
    for (const bg of backgrounds) expect(contrastRatio(colour(fg), colour(bg)), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
  });
  it.each(MARKS)('%s stands out at 3:1 or more', (fg, backgrounds) => {
    for (const bg of backgrounds) expect(contrastRatio(colour(fg), colour(bg)), `${fg} on ${bg}`).toBeGreaterThanOrEqual(3);
  });
});

describe('contrastRatio', () => {
  it('matches the WCAG reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#fff', '#fff')).toBe(1);
  });
});
