/**
 * Reading `max serve` flags back out of an argument array (click's forms: `--flag value` and
 * `--flag=value`; the last one given wins, as click does for a non-repeatable option).
 */

export function flagValue(argv: readonly string[], flag: string): string | null {
  let value: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === flag && i + 1 < argv.length) value = argv[++i];
    else if (arg.startsWith(`${flag}=`)) value = arg.slice(flag.length + 1);
  }
  return value;
}

export function flagValues(argv: readonly string[], flag: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === flag && i + 1 < argv.length) values.push(argv[++i]);
    else if (arg.startsWith(`${flag}=`)) values.push(arg.slice(flag.length + 1));
  }
  return values;
}

export function intFlag(argv: readonly string[], flag: string): number | null {
  const value = flagValue(argv, flag);
  if (value === null || !/^\d+$/.test(value)) return null;
  return Number(value);
}

export function numberFlag(argv: readonly string[], flag: string): number | null {
  const value = flagValue(argv, flag);
  if (value === null || value.trim() === '' || !Number.isFinite(Number(value))) return null;
  return Number(value);
}

/** `--devices` as MAX reads it: cpu, gpu (first GPU), gpu:all, gpu:0,1; absent = the first visible device. */
export type DeviceChoice = { kind: 'cpu' } | { kind: 'gpu'; ids: number[] | 'all' } | { kind: 'default' };

export function devicesFlag(argv: readonly string[]): DeviceChoice {
  const value = flagValue(argv, '--devices')?.trim().toLowerCase() ?? null;
  if (value === null || value === '') return { kind: 'default' };
  if (value === 'cpu') return { kind: 'cpu' };
  if (value === 'gpu') return { kind: 'gpu', ids: [0] };
  if (value === 'gpu:all') return { kind: 'gpu', ids: 'all' };
  const m = /^gpu:([\d,\s]+)$/.exec(value);
  if (m) return { kind: 'gpu', ids: m[1].split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n)) };
  return { kind: 'default' };
}

/** MAX's human-readable sizes (`12.34 GiB`, binary units: to_human_readable_bytes) back to bytes. */
export function parseHumanBytes(text: string): number | null {
  const m = /^\s*([\d.]+)\s*(B|KiB|MiB|GiB|TiB)\s*$/.exec(text);
  if (!m) return null;
  const scale = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 }[m[2] as 'B'];
  return Math.round(Number(m[1]) * scale);
}
