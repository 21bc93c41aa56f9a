/**
 * Compares two logits files position by position, as MAX's tools do: the per-position metrics
 * (metrics.ts), the per-prompt numbers the docs' script prints (avg MAE, avg cosine distance, avg and
 * max KL) plus verify.py's RMSE, the totals, and verify.py's verdict for LLM logits: max KL over all
 * positions <= the KL threshold, with cosine distance reported beside it.
 */
import { badInput } from '../errors';
import { comparePosition, createWorkspace, overlap, TOP_K, type Workspace } from './metrics';
import { formatMetric as fmt } from './format';
import type { LogitsReader } from './read';
import type { LogitsReport, LogitsRow, PositionMetrics, PositionTopK, PromptSummary, Thresholds } from './types';

export interface CompareOptions {
  thresholds: Thresholds;
  /** How many of the worst positions to keep with both sides' top-5 (default 10). */
  worst?: number;
  /** Called after each position: done so far and the total when the files say it up front. */
  onProgress?(done: number, total: number | null): void;
  /** Checked between positions; throws to stop. */
  signal?: { aborted: boolean };
}

/** log-softmax in place: what verify.py compares when one side holds only logprobs. */
function logSoftmaxInPlace(values: Float64Array, n: number): void {
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (values[i] > max) max = values[i];
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp(values[i] - max);
  const shift = max + Math.log(sum);
  for (let i = 0; i < n; i++) values[i] -= shift;
}

export async function compareLogits(ref: LogitsReader, cand: LogitsReader, options: CompareOptions): Promise<LogitsReport> {
  const refName = ref.info.file;
  const candName = cand.info.file;
  if (ref.sized && cand.sized) {
    if (ref.info.vocab !== cand.info.vocab || ref.info.positions !== cand.info.positions) {
      throw badInput(`${candName}: shapes differ: ${refName} holds ${ref.info.positions} positions × ${ref.info.vocab} (shape [${ref.info.shape.join(', ')}]), ${candName} ${cand.info.positions} × ${cand.info.vocab} (shape [${cand.info.shape.join(', ')}])`);
    }
  }
  const keepWorst = options.worst ?? 10;
  const positions: PositionMetrics[] = [];
  const worst: PositionTopK[] = [];
  const notes: string[] = [];
  let ws: Workspace | null = null;
  let vocab = 0;
  let nextTokenDiffers = 0;
  let logprobsMode: 'none' | 'ref' | 'cand' | 'both' | null = null;
  const total = ref.sized ? ref.info.positions : cand.sized ? cand.info.positions : null;

  for (;;) {
    if (options.signal?.aborted) throw badInput('the comparison was stopped');
    const [r, c] = await Promise.all([ref.next(), cand.next()]);
    if (!r || !c) {
      if (r || c) {
        const longer = r ? refName : candName;
        const shorter = r ? candName : refName;
        throw badInput(`${shorter}: shapes differ: it holds ${positions.length} positions, ${longer} holds more (the two runs must cover the same prompts and steps)`);
      }
      break;
    }
    if (vocab === 0) {
      vocab = r.values.length;
      if (c.values.length !== vocab) throw badInput(`${candName}: shapes differ: its vocabulary is ${c.values.length}, ${refName}'s is ${vocab}`);
      ws = createWorkspace(vocab);
      logprobsMode = ref.info.logprobs && cand.info.logprobs ? 'both' : ref.info.logprobs ? 'ref' : cand.info.logprobs ? 'cand' : 'none';
      if (logprobsMode === 'ref' || logprobsMode === 'cand') {
        notes.push(`${logprobsMode === 'ref' ? refName : candName} holds logprobs, not logits: both sides are compared as log-softmax, as verify.py does (KL and top-k are unchanged; MAE and cosine are of logprobs)`);
      } else if (logprobsMode === 'both') notes.push('both files hold logprobs: MAE and cosine are of logprobs (KL and top-k are as of logits)');
    } else if (r.values.length !== vocab || c.values.length !== vocab) {
      const who = r.values.length !== vocab ? refName : candName;
      throw badInput(`${who}: position ${r.index} has ${(r.values.length !== vocab ? r : c).values.length} values where the first had ${vocab}`);
    }
    const [prompt, step] = structureOf(r, c, ref, cand);
    if (logprobsMode === 'cand') logSoftmaxInPlace(r.values, vocab);
    if (logprobsMode === 'ref') logSoftmaxInPlace(c.values, vocab);
    const m = comparePosition(r.values, c.values, vocab, ws!);
    const refTop1 = m.refTop[0];
    const candTop1 = m.candTop[0];
    const top5Overlap = overlap(m.refTop, m.candTop);
    let refInCand = false;
    for (let j = 0; j < TOP_K; j++) if (m.candTop[j] === refTop1) refInCand = true;
    const index = positions.length;
    positions.push({
      index, prompt, step,
      kl: m.kl, klRev: m.klRev, cosDist: m.cosDist, mae: m.mae, rmse: m.rmse, maxAbs: m.maxAbs,
      refTop1, candTop1, top1Match: refTop1 === candTop1, top5Overlap, refTop1InCandTop5: refInCand,
    });
    if (r.nextToken !== undefined && c.nextToken !== undefined && r.nextToken !== c.nextToken) nextTokenDiffers++;
    keepIfWorst(worst, keepWorst, positions[index], m);
    options.onProgress?.(positions.length, total);
  }
  if (!positions.length) throw badInput(`${refName}: holds no positions`);

  // Golden files name their prompts; verify.py refuses two runs of different prompts.
  const refTexts = ref.promptTexts;
  const candTexts = cand.promptTexts;
  const promptCount = positions[positions.length - 1].prompt + 1;
  for (let p = 0; p < promptCount; p++) {
    const a = refTexts[p];
    const b = candTexts[p];
    if (typeof a === 'string' && typeof b === 'string' && a !== b) {
      throw badInput(`${candName}: prompt ${p} differs from ${refName}'s: ${JSON.stringify(short(b))} vs ${JSON.stringify(short(a))} (compare runs of the same prompts)`);
    }
  }
  if (nextTokenDiffers) notes.push(`next_token differs at ${nextTokenDiffers} position${nextTokenDiffers === 1 ? '' : 's'} (verify.py only reports this)`);

  const prompts = summarisePrompts(positions, promptCount, (p) => refTexts[p] ?? candTexts[p] ?? null);
  const summary = summarise(positions);
  const t = options.thresholds;
  const pass = summary.maxKl <= t.kl;
  const cosOk = t.cosDist === null ? null : summary.maxCosDist <= t.cosDist;
  const at = positions[summary.worstIndex];
  const where = `position ${at.index}${promptCount > 1 || at.step !== at.index ? ` (prompt ${at.prompt}, step ${at.step})` : ''}`;
  const cosText = t.cosDist === null ? '' : `; cosine distance max ${fmt(summary.maxCosDist)} ${cosOk ? '<=' : '>'} ${fmt(t.cosDist)}${cosOk ? '' : ' (reported, not deciding)'}`;
  const why = `max KL ${fmt(summary.maxKl)} at ${where} ${pass ? '<=' : '>'} ${fmt(t.kl)} (${t.source})${cosText}`;
  worst.sort((a, b) => b.kl - a.kl || a.index - b.index);
  return {
    ref: finalInfo(ref, positions.length),
    cand: finalInfo(cand, positions.length),
    positions,
    prompts,
    summary,
    thresholds: t,
    verdict: pass ? 'pass' : 'fail',
    why,
    cosOk,
    worst,
    notes,
  };
}

const short = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s);

function finalInfo(reader: LogitsReader, positions: number): LogitsReport['ref'] {
  const info = { ...reader.info };
  if (!reader.sized) info.positions = positions;
  return info;
}

/** Prompt and step of a position: from whichever file says (the reference first); both must agree. */
function structureOf(r: LogitsRow, c: LogitsRow, ref: LogitsReader, cand: LogitsReader): [number, number] {
  if (ref.structured && cand.structured && (r.prompt !== c.prompt || r.step !== c.step)) {
    throw badInput(`${cand.info.file}: position ${r.index} is prompt ${c.prompt}, step ${c.step} there but prompt ${r.prompt}, step ${r.step} in ${ref.info.file} (the runs have different steps per prompt)`);
  }
  return ref.structured ? [r.prompt, r.step] : cand.structured ? [c.prompt, c.step] : [r.prompt, r.step];
}

function keepIfWorst(worst: PositionTopK[], keep: number, p: PositionMetrics, m: ReturnType<typeof comparePosition>): void {
  if (keep <= 0) return;
  if (worst.length >= keep) {
    let min = 0;
    // the list is small: find its least bad entry
    for (let i = 1; i < worst.length; i++) if (worst[i].kl < worst[min].kl) min = i;
    if (worst[min].kl >= p.kl) return;
    worst.splice(min, 1);
  }
  worst.push({
    index: p.index,
    ref: { ids: Array.from(m.refTop), logits: Array.from(m.refTopLogits), probs: Array.from(m.refTopProbs) },
    cand: { ids: Array.from(m.candTop), logits: Array.from(m.candTopLogits), probs: Array.from(m.candTopProbs) },
    kl: p.kl,
  });
}

/** Sums of the per-position values in float64 with compensation (thousands of positions). */
function mean(values: number[]): number {
  let s = 0;
  let c = 0;
  for (const v of values) {
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return values.length ? (s + c) / values.length : 0;
}

function summarisePrompts(positions: PositionMetrics[], count: number, text: (p: number) => string | null): PromptSummary[] {
  const byPrompt: PositionMetrics[][] = Array.from({ length: count }, () => []);
  for (const p of positions) byPrompt[p.prompt].push(p);
  return byPrompt.map((list, prompt) => ({
    prompt,
    text: text(prompt),
    positions: list.length,
    avgKl: mean(list.map((p) => p.kl)),
    maxKl: list.reduce((m, p) => Math.max(m, p.kl), 0),
    avgCosDist: mean(list.map((p) => p.cosDist)),
    mae: mean(list.map((p) => p.mae)),
    rmse: mean(list.map((p) => p.rmse)),
    top1Agreement: list.length ? list.filter((p) => p.top1Match).length / list.length : 0,
  }));
}

function summarise(positions: PositionMetrics[]): LogitsReport['summary'] {
  let worstIndex = 0;
  for (let i = 1; i < positions.length; i++) if (positions[i].kl > positions[worstIndex].kl) worstIndex = i;
  const n = positions.length;
  return {
    positions: n,
    maxKl: positions[worstIndex].kl,
    meanKl: mean(positions.map((p) => p.kl)),
    maxKlRev: positions.reduce((m, p) => Math.max(m, p.klRev), 0),
    maxCosDist: positions.reduce((m, p) => Math.max(m, p.cosDist), 0),
    meanCosDist: mean(positions.map((p) => p.cosDist)),
    mae: mean(positions.map((p) => p.mae)),
    rmse: mean(positions.map((p) => p.rmse)),
    maxAbs: positions.reduce((m, p) => Math.max(m, p.maxAbs), 0),
    top1Agreement: positions.filter((p) => p.top1Match).length / n,
    top5Agreement: mean(positions.map((p) => p.top5Overlap / TOP_K)),
    refTop1InCandTop5: positions.filter((p) => p.refTop1InCandTop5).length / n,
    worstIndex,
  };
}
