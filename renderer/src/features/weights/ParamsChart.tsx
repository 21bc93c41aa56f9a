import { useEffect, useMemo, useRef, useState } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { WeightsReport } from '@shared/weights/types';
import { paramsBreakdown } from './breakdown';
import { formatInt } from './format';
import { tensorIndexOf } from './tensorIndex';

// Only the pieces a stacked bar needs (tree-shaken; no CDN, no auto-registration).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** Theme colours for the dtypes, in order, read from the CSS variables so dark and light both follow. */
const PALETTE_VARS = ['--accent', '--cat-dimension', '--cat-structural', '--cat-macro', '--cat-identity', '--cat-quantization', '--cat-tokens', '--cat-training'];

function themeColours() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return { fg: v('--fg-muted') || '#888', grid: v('--border') || '#444', palette: PALETTE_VARS.map((p) => v(p) || '#888') };
}

function useColourScheme(): string {
  const [scheme, setScheme] = useState(() => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  useEffect(() => {
    const mq = matchMedia('(prefers-color-scheme: dark)');
    const on = () => setScheme(mq.matches ? 'dark' : 'light');
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return scheme;
}

/** Parameters by component (embeddings, attention, MLP, experts, norms, lm_head), stacked by dtype. */
export function ParamsChart({ report }: { report: WeightsReport }) {
  const data = useMemo(() => paramsBreakdown(report.tensors, tensorIndexOf(report.tensors).params), [report.tensors]);
  const canvas = useRef<HTMLCanvasElement>(null);
  const scheme = useColourScheme();

  useEffect(() => {
    if (!canvas.current || !data.components.length) return;
    const colours = themeColours();
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: data.components,
        datasets: data.dtypes.map((d, i) => ({
          label: d,
          data: data.parameters[d],
          backgroundColor: colours.palette[i % colours.palette.length],
          borderWidth: 0,
        })),
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true, ticks: { color: colours.fg, callback: (v) => shortCount(Number(v)) }, grid: { color: colours.grid } },
          // Every component keeps its label: the canvas is sized for them (never skipped, never beside the wrong bar).
          y: { stacked: true, ticks: { color: colours.fg, autoSkip: false }, grid: { display: false } },
        },
        plugins: {
          // Under the bars, wrapping onto more lines as needed: a side legend is cut off in a narrow panel.
          legend: { position: 'bottom', labels: { color: colours.fg, boxWidth: 12 } },
          tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${formatInt(Number(ctx.raw))} parameters` } },
        },
      },
    });
    // What the chart really drew, for tests and assistive tech: one y label per component.
    chart.canvas.dataset.labels = String(chart.scales.y.ticks.length);
    return () => chart.destroy();
  }, [data, scheme]);

  if (!data.components.length) return <div className="empty-state">No tensors to chart.</div>;
  return (
    <div className="params-chart" data-testid="params-chart">
      <div className="pc-canvas" style={{ height: data.components.length * BAR_PX + 40 + LEGEND_PX * Math.ceil(data.dtypes.length / 4) }}>
        <canvas ref={canvas} role="img" aria-label={`Parameters by component and dtype: ${data.components.map((c, k) => `${c} ${formatInt(data.dtypes.reduce((s, d) => s + data.parameters[d][k], 0))}`).join(', ')}`} />
      </div>
      <table className="pc-table">
        <thead>
          <tr><th>Component</th>{data.dtypes.map((d) => <th key={d} className="num">{d}</th>)}<th className="num">Share</th></tr>
        </thead>
        <tbody>
          {data.components.map((c, k) => {
            const sum = data.dtypes.reduce((s, d) => s + data.parameters[d][k], 0);
            return (
              <tr key={c}>
                <td>{c}</td>
                {data.dtypes.map((d) => <td key={d} className="mono num">{formatInt(data.parameters[d][k])}</td>)}
                <td className="mono num">{data.total ? `${((100 * sum) / data.total).toFixed(1)}%` : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Room per bar (label and bar) and per legend row, so no label has to be skipped. */
const BAR_PX = 30;
const LEGEND_PX = 22;

function shortCount(n: number): string {
  if (n >= 1e9) return `${+(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(1)}K`;
  return String(n);
}
