const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB'];

function scale(bytes: number, step: number, units: string[], digits: (v: number) => number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= step && unit < units.length - 1) {
    value /= step;
    unit++;
  }
  return unit ? `${value.toFixed(digits(value))} ${units[unit]}` : `${bytes} B`;
}

/** Binary units (KiB, MiB, GiB), as memory and weights are sized. */
export function formatBytes(bytes: number): string {
  return scale(bytes, 1024, BINARY, (v) => (v < 10 ? 2 : 1));
}

/** Decimal units (kB, MB, GB), as `hf cache ls` prints sizes on disk. */
export function formatBytesDecimal(bytes: number): string {
  return scale(bytes, 1000, DECIMAL, () => 1);
}

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} K`;
  return String(n);
}
