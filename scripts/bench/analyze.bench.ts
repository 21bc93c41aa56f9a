/**
 * Analyze benchmark (issue 3). Run from the repo root after the build: `node out/node/bench/analyze.bench.js`.
 * Configs analysed per second over every corpus config.json (text in, full analysis out), against
 * the floor measured in the same run: plain `JSON.parse` of the same texts. Reports the ratio
 * analyse-time / parse-time (lower is better) and the absolute rate. Medians of RUNS rounds.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeConfigText } from '../../shared/config/analyze';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ROUNDS_PER_RUN = Number(process.env.BENCH_ROUNDS ?? 40);
const corpus = join(process.cwd(), 'fixtures', 'corpus');
const texts = readdirSync(corpus)
  .filter((d) => existsSync(join(corpus, d, 'config.json')))
  .map((d) => readFileSync(join(corpus, d, 'config.json'), 'utf8'));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(fn: (text: string) => unknown): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let r = 0; r < ROUNDS_PER_RUN; r++) for (const t of texts) sink += fn(t) ? 1 : 0;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (sink < 0) console.log(sink); // keeps the work observable
  return ms;
}

// Warm both paths first so the JIT sees them before measuring.
time((t) => JSON.parse(t));
time((t) => analyzeConfigText(t, 'config.json'));
const parse: number[] = [];
const analyze: number[] = [];
for (let i = 0; i < RUNS; i++) {
  parse.push(time((t) => JSON.parse(t)));
  analyze.push(time((t) => analyzeConfigText(t, 'config.json')));
}
const n = texts.length * ROUNDS_PER_RUN;
const parseMs = median(parse);
const analyzeMs = median(analyze);
console.log(`corpus: ${texts.length} config.json files, ${ROUNDS_PER_RUN} rounds per run, median of ${RUNS} runs`);
console.log(`floor  JSON.parse:           ${(n / (parseMs / 1000)).toFixed(0)} configs/s`);
console.log(`bringup analyzeConfigText:  ${(n / (analyzeMs / 1000)).toFixed(0)} configs/s (${(analyzeMs / n).toFixed(3)} ms per config)`);
console.log(`ratio analyze / JSON.parse: ${(analyzeMs / parseMs).toFixed(1)}x`);
