import { formatBytes } from '@shared/format/units';

/** A transfer rate: `12.4 MiB/s`, or an em dash while it is unknown. */
export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '—';
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

/** Time left: `45 s`, `3 min 05 s`, `2 h 04 min`; an em dash while unknown. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(s / 3600);
  if (h >= 100) return `${h} h`;
  return `${h} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** Whole percent of `done` over `total`, clamped to 0..100 (100 for an empty total). */
export function percent(done: number, total: number): number {
  if (total <= 0) return 100;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

/** `just now`, `5 min ago`, `3 h ago`, `12 days ago`, else the date (YYYY-MM-DD); '' for null or junk. */
export function formatAgo(iso: string | null, now: number = Date.now()): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const s = Math.round((now - t) / 1000);
  if (s < 0) return iso.slice(0, 10);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 86_400 * 45) return `${Math.floor(s / 86_400)} days ago`;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * The patterns a user typed for "Download matching…": split on commas and whitespace, empty
 * entries dropped, duplicates removed. Returns an error line instead when nothing usable is left
 * or a pattern could escape the repo (`..`, absolute, backslash).
 */
export function parsePatterns(text: string): { patterns: string[] } | { error: string } {
  const patterns = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  if (patterns.length === 0) return { error: 'give at least one pattern, e.g. *.json or model-0000?-*.safetensors' };
  if (patterns.length > 50) return { error: `${patterns.length} patterns: at most 50` };
  const bad = patterns.find((p) => p.length > 200 || p.startsWith('/') || p.includes('\\') || p.split('/').includes('..'));
  if (bad) return { error: `${bad.slice(0, 60)}: not a pattern inside the repo` };
  return { patterns };
}
