import { it } from 'vitest';
import * as A from '/tmp/mb/metricsA';
import * as B from '/tmp/mb/metricsB';
import { exactPosition } from './testing/exactReference';
function rng(seed: number) { let s = seed >>> 0; return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; }; }
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(r() + 1e-300)) * Math.cos(2 * Math.PI * r());
it('mb', () => {
  const V = 152064, P = 8; const r = rng(5);
  for (const noise of [1e-6, 0.02, 0.3]) {
    const rows = Array.from({ length: P }, () => { const a = new Float64Array(V), b = new Float64Array(V); for (let i = 0; i < V; i++) { a[i] = Math.fround(gauss(r) * 2.5); b[i] = Math.fround(a[i] + gauss(r) * noise); } return [a, b]; });
    const wa = A.createWorkspace(V), wb = B.createWorkspace(V); const ta: number[] = [], tb: number[] = [];
    for (let rep = 0; rep < 5; rep++) {
      let t = performance.now(); for (const [a, b] of rows) A.comparePosition(a, b, V, wa); ta.push(performance.now() - t);
      t = performance.now(); for (const [a, b] of rows) B.comparePosition(a, b, V, wb); tb.push(performance.now() - t);
    }
    const med = (x: number[]) => x.sort((p, q) => p - q)[2];
    console.log('noise', noise, 'A', (med(ta) * 1e6 / V / P).toFixed(1), 'B', (med(tb) * 1e6 / V / P).toFixed(1), 'ns/el');
  }
  // accuracy of B
  let worst = 0;
  for (const noise of [1e-7, 1e-3, 0.05, 0.2, 1, 3]) for (const n of [64, 1000]) { const a = new Float64Array(n), b = new Float64Array(n); for (let i = 0; i < n; i++) { a[i] = Math.fround(gauss(r) * 3); b[i] = Math.fround(a[i] + gauss(r) * noise); }
    const e = exactPosition(a, b); const g = B.comparePosition(a, b, n, B.createWorkspace(n)); for (const k of ['kl', 'klRev'] as const) worst = Math.max(worst, Math.abs(g[k] - e[k]) / e[k]); }
  console.log('B worst', worst);
}, 120000);
