/**
 * A per-position line plot as an SVG string: no script, no external reference, so the report's HTML
 * renders anywhere offline. Log scale for metrics spanning decades (KL, cosine distance), with the
 * threshold drawn across. Long series are reduced by keeping each bucket's maximum, so no peak is lost.
 */
export interface PlotSpec {
  title: string;
  values: readonly number[];
  /** A horizontal line (the pass threshold). */
  threshold?: number | null;
  thresholdLabel?: string;
  log?: boolean;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
}

const MAX_POINTS = 1500;

export function svgPlot(spec: PlotSpec): string {
  const width = spec.width ?? 720;
  const height = spec.height ?? 240;
  const pad = { left: 64, right: 16, top: 28, bottom: 40 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const points = reduce(spec.values.map((v, i) => [i, v] as const).filter(([, v]) => Number.isFinite(v)));
  const finite = points.map(([, v]) => v);
  const all = spec.threshold != null && Number.isFinite(spec.threshold) ? [...finite, spec.threshold] : finite;
  const log = spec.log === true;
  const positive = all.filter((v) => v > 0);
  const floor = log ? (positive.length ? Math.min(...positive) / 10 : 1e-12) : 0;
  const clampLog = (v: number) => Math.log10(Math.max(v, floor));
  let lo = log ? Math.floor(clampLog(Math.min(...(all.length ? all : [floor])))) : Math.min(0, ...all);
  let hi = log ? Math.ceil(clampLog(Math.max(...(all.length ? all : [1])))) : Math.max(...all, 0);
  if (hi <= lo) hi = lo + 1;
  if (!log && hi === 0) hi = 1;
  if (!Number.isFinite(lo)) lo = 0;
  const n = Math.max(spec.values.length - 1, 1);
  const x = (i: number) => pad.left + (i / n) * innerW;
  const y = (v: number) => pad.top + innerH - (((log ? clampLog(v) : v) - lo) / (hi - lo)) * innerH;

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(spec.title)}">`);
  parts.push(`<title>${esc(spec.title)}</title>`);
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(`<text x="${pad.left}" y="18" font-size="13" font-family="sans-serif" fill="#222">${esc(spec.title)}</text>`);
  for (const t of ticks(lo, hi, log)) {
    const ty = round(pad.top + innerH - ((t - lo) / (hi - lo)) * innerH);
    parts.push(`<line x1="${pad.left}" x2="${pad.left + innerW}" y1="${ty}" y2="${ty}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${pad.left - 6}" y="${ty + 4}" font-size="11" font-family="sans-serif" text-anchor="end" fill="#555">${esc(log ? `1e${t}` : fmt(t))}</text>`);
  }
  parts.push(`<line x1="${pad.left}" x2="${pad.left}" y1="${pad.top}" y2="${pad.top + innerH}" stroke="#888"/>`);
  parts.push(`<line x1="${pad.left}" x2="${pad.left + innerW}" y1="${pad.top + innerH}" y2="${pad.top + innerH}" stroke="#888"/>`);
  for (const i of [0, Math.round(n / 2), n]) {
    parts.push(`<text x="${round(x(i))}" y="${pad.top + innerH + 16}" font-size="11" font-family="sans-serif" text-anchor="middle" fill="#555">${i}</text>`);
  }
  parts.push(`<text x="${pad.left + innerW / 2}" y="${height - 6}" font-size="11" font-family="sans-serif" text-anchor="middle" fill="#555">${esc(spec.xLabel)}</text>`);
  parts.push(`<text x="12" y="${pad.top + innerH / 2}" font-size="11" font-family="sans-serif" text-anchor="middle" fill="#555" transform="rotate(-90 12 ${pad.top + innerH / 2})">${esc(spec.yLabel)}</text>`);
  if (spec.threshold != null && Number.isFinite(spec.threshold)) {
    const ty = round(y(spec.threshold));
    parts.push(`<line class="threshold" x1="${pad.left}" x2="${pad.left + innerW}" y1="${ty}" y2="${ty}" stroke="#c62828" stroke-dasharray="6 4"/>`);
    parts.push(`<text x="${pad.left + innerW - 4}" y="${ty - 4}" font-size="11" font-family="sans-serif" text-anchor="end" fill="#c62828">${esc(spec.thresholdLabel ?? `threshold ${fmt(spec.threshold)}`)}</text>`);
  }
  if (points.length) {
    const path = points.map(([i, v]) => `${round(x(i))},${round(y(v))}`).join(' ');
    parts.push(`<polyline class="series" fill="none" stroke="#1565c0" stroke-width="1.5" points="${path}"/>`);
    if (points.length <= 200) for (const [i, v] of points) parts.push(`<circle cx="${round(x(i))}" cy="${round(y(v))}" r="2" fill="#1565c0"><title>${i}: ${esc(fmt(v))}</title></circle>`);
  } else {
    parts.push(`<text x="${pad.left + innerW / 2}" y="${pad.top + innerH / 2}" font-size="12" font-family="sans-serif" text-anchor="middle" fill="#888">no finite values</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/** At most MAX_POINTS points: each bucket keeps its largest value (a spike stays visible). */
function reduce(points: ReadonlyArray<readonly [number, number]>): ReadonlyArray<readonly [number, number]> {
  if (points.length <= MAX_POINTS) return points;
  const size = Math.ceil(points.length / MAX_POINTS);
  const out: Array<readonly [number, number]> = [];
  for (let s = 0; s < points.length; s += size) {
    let best = points[s];
    for (let j = s + 1; j < Math.min(s + size, points.length); j++) if (points[j][1] > best[1]) best = points[j];
    out.push(best);
  }
  return out;
}

function ticks(lo: number, hi: number, log: boolean): number[] {
  if (log) {
    const step = Math.max(1, Math.ceil((hi - lo) / 6));
    const out: number[] = [];
    for (let t = lo; t <= hi; t += step) out.push(t);
    return out;
  }
  const step = niceStep((hi - lo) / 5);
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

function niceStep(raw: number): number {
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

const round = (v: number) => Math.round(v * 10) / 10;
export const fmt = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? String(Number(v.toPrecision(4))) : v.toExponential(2));
export const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
