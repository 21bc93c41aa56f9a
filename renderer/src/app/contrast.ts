/** WCAG 2.x contrast of theme colours, read from theme.css (the one place the colours are defined). */

/** The custom properties of the light `:root` block and of the one inside `prefers-color-scheme: dark`. */
export function themeVariables(css: string): { light: Record<string, string>; dark: Record<string, string> } {
  const darkAt = css.indexOf('@media (prefers-color-scheme: dark)');
  const block = (from: number) => {
    const start = css.indexOf(':root', from);
    const open = css.indexOf('{', start);
    const close = css.indexOf('}', open);
    const vars: Record<string, string> = {};
    for (const m of css.slice(open + 1, close).matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) vars[m[1]] = m[2].trim();
    return vars;
  };
  const light = block(0);
  return { light, dark: { ...light, ...block(darkAt) } };
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of `#rgb` or `#rrggbb`. */
export function luminance(hex: string): number {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  if (!/^[0-9a-f]{6}$/i.test(full)) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
