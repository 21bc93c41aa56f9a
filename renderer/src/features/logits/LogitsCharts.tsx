import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip } from 'chart.js';
import { formatMetric } from '@shared/logits/format';
import type { LogitsReport } from '@shared/logits/types';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, Tooltip, Legend);

/** A log axis cannot show 0: exact zeros are drawn at this floor (and the tooltip says 0). */
const LOG_FLOOR = 1e-18;

function themeColours() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { fg: v('--fg-muted', '#888'), grid: v('--border', '#444'), accent: v('--accent', '#4a9eff'), err: v('--err', '#e55'), ok: v('--ok', '#4c4') };
}

interface MetricChartProps {
  report: LogitsReport;
  metric: 'kl' | 'cosDist';
  threshold: number | null;
  label: string;
  testId: string;
}

/** One metric per position on a log scale, with the threshold as a line. */
function MetricChart({ report, metric, threshold, label, testId }: MetricChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const c = themeColours();
    const values = report.positions.map((p) => p[metric]);
    const chart = new Chart(canvas.current, {
      type: 'line',
      data: {
        labels: report.positions.map((p) => String(p.index)),
        datasets: [
          { label, data: values.map((v) => Math.max(v, LOG_FLOOR)), borderColor: c.accent, backgroundColor: c.accent, pointRadius: report.positions.length > 200 ? 0 : 2, borderWidth: 1.5 },
          ...(threshold === null ? [] : [{ label: `threshold ${formatMetric(threshold)}`, data: values.map(() => threshold), borderColor: c.err, borderDash: [5, 4], pointRadius: 0, borderWidth: 1 }]),
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { ticks: { color: c.fg, maxTicksLimit: 12 }, grid: { display: false }, title: { display: true, text: 'position', color: c.fg } },
          y: { type: 'logarithmic', ticks: { color: c.fg }, grid: { color: c.grid } },
        },
        plugins: {
          legend: { labels: { color: c.fg, boxWidth: 12 } },
          tooltip: {
            callbacks: {
              title: (items) => {
                const p = report.positions[items[0].dataIndex];
                return `position ${p.index} (prompt ${p.prompt}, step ${p.step})`;
              },
              label: (item) => (item.datasetIndex === 0 ? `${label} ${formatMetric(values[item.dataIndex])}` : `threshold ${formatMetric(threshold ?? 0)}`),
            },
          },
        },
      },
    });
    return () => chart.destroy();
  }, [report, metric, threshold, label]);
  const max = report.positions.reduce((m, p) => Math.max(m, p[metric]), 0);
  const over = threshold === null ? 0 : report.positions.filter((p) => p[metric] > threshold).length;
  return (
    <div className="lg-chart" data-testid={testId}>
      <canvas ref={canvas} role="img" aria-label={`${label} per position: max ${formatMetric(max)}${threshold === null ? '' : `, ${over} of ${report.positions.length} above the threshold ${formatMetric(threshold)}`}`} />
    </div>
  );
}

/** Top-1 agreement per position (a bar where the two top tokens agree) and the top-5 overlap. */
function AgreementChart({ report }: { report: LogitsReport }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const c = themeColours();
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: report.positions.map((p) => String(p.index)),
        datasets: [
          { type: 'bar', label: 'top-5 overlap', data: report.positions.map((p) => p.top5Overlap), backgroundColor: report.positions.map((p) => (p.top1Match ? c.accent : c.err)), borderWidth: 0 },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { ticks: { color: c.fg, maxTicksLimit: 12 }, grid: { display: false }, title: { display: true, text: 'position (red: top-1 differs)', color: c.fg } },
          y: { min: 0, max: 5, ticks: { color: c.fg, stepSize: 1 }, grid: { color: c.grid } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => {
                const p = report.positions[items[0].dataIndex];
                return `position ${p.index} (prompt ${p.prompt}, step ${p.step})`;
              },
              label: (item) => {
                const p = report.positions[item.dataIndex];
                return `top-1 ${p.top1Match ? 'agrees' : `differs: ref #${p.refTop1}, cand #${p.candTop1}`}; top-5 overlap ${p.top5Overlap}/5`;
              },
            },
          },
        },
      },
    });
    return () => chart.destroy();
  }, [report]);
  const s = report.summary;
  return (
    <div className="lg-chart" data-testid="logits-chart-top1">
      <canvas ref={canvas} role="img" aria-label={`top-1 agreement ${(s.top1Agreement * 100).toFixed(1)}%, top-5 overlap ${(s.top5Agreement * 100).toFixed(1)}%`} />
    </div>
  );
}

export function LogitsCharts({ report }: { report: LogitsReport }) {
  return (
    <div className="lg-charts">
      <MetricChart report={report} metric="kl" threshold={report.thresholds.kl} label="KL(ref ‖ cand)" testId="logits-chart-kl" />
      <MetricChart report={report} metric="cosDist" threshold={report.thresholds.cosDist} label="cosine distance" testId="logits-chart-cos" />
      <AgreementChart report={report} />
    </div>
  );
}
