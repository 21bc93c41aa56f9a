const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 34976 → "34,976" (exact counts in tables; the summary line uses the short form). */
export function formatInt(n: number): string {
  return integer.format(n);
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** A config or weights value as the cross-check shows it. */
export function formatValue(v: number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'number' ? formatInt(v) : String(v);
}
