/**
 * The metrics of one position, in float64, with MAX's definitions (docs/max/develop/logit-comparison.mdx
 * and its logit_comparison.py; max/tests/integration/test_common/verify_utils.py KLDivergenceValidator):
 *
 *   p = softmax(ref), q = softmax(cand)        (x − max, exp, divide by the sum)
 *   p' = (1 − V·eps)·p + eps, q' likewise      (eps = 1e-10, V the vocabulary size)
 *   KL(ref ‖ cand) = Σ p'·log(p'/q')            (scipy rel_entr(p', q').sum(), the docs' kl_divergence)
 *   cosine distance = 1 − a·b / (‖a‖·‖b‖)       (scipy distance.cosine, the docs' cosine_distance)
 *   MAE = mean |cand − ref|, RMSE = sqrt(mean (cand − ref)²), max abs = max |cand − ref|
 *
 * The values are those definitions computed more carefully than a direct numpy transcription, so they
 * stay accurate where MAX's float32 thresholds need it (down to 4.6e-7) and for near-identical runs:
 * - KL is summed in its Bregman form Σ [p'·log(p'/q') − p' + q'] (the added terms sum to 0 exactly in
 *   real arithmetic), whose terms are all ≥ 0 and insensitive to the rounding of the softmax sums;
 *   each term is q'·g(r), g(r) = (1+r)·log(1+r) − r, r = (p' − q')/q' (the reverse KL's q'·(r − log(1+r))),
 *   with p − q taken from q·expm1(log p − log q) and g from its series when they are small, so no
 *   digits cancel.
 * - cosine distance near 0 is (‖a − b‖² − (‖a‖ − ‖b‖)²) / (2‖a‖‖b‖), the same quantity as 1 − cos
 *   without its cancellation (a − b is exact for float32 inputs, ‖a‖ − ‖b‖ = Σ(a−b)(a+b) / (‖a‖ + ‖b‖));
 *   far from 0, where that form would cancel instead, 1 − a·b/(‖a‖‖b‖) directly.
 * - sums run in blocks with a compensated (Neumaier) total.
 */
import type { PositionValues } from './types';

export const EPS = 1e-10;
export const TOP_K = 5;

/** Per-position results, written into caller-owned storage so the hot loop allocates nothing. */
export interface PositionResult extends PositionValues {
  refTop: Int32Array;
  candTop: Int32Array;
  refTopLogits: Float64Array;
  candTopLogits: Float64Array;
  refTopProbs: Float64Array;
  candTopProbs: Float64Array;
}

export interface Workspace {
  ea: Float64Array;
  eb: Float64Array;
  result: PositionResult;
}

export function createWorkspace(vocab: number): Workspace {
  return {
    ea: new Float64Array(vocab),
    eb: new Float64Array(vocab),
    result: {
      kl: 0, klRev: 0, cosDist: 0, mae: 0, rmse: 0, maxAbs: 0,
      refTop: new Int32Array(TOP_K), candTop: new Int32Array(TOP_K),
      refTopLogits: new Float64Array(TOP_K), candTopLogits: new Float64Array(TOP_K),
      refTopProbs: new Float64Array(TOP_K), candTopProbs: new Float64Array(TOP_K),
    },
  };
}

/** Sums run plainly within blocks this long, compensated across them. */
const BLOCK = 64;
const Z_BLOCK = 16;
/**
 * Where each way of computing a term is accurate: expm1 by its series below D_SERIES, then p − q
 * directly (relative error at most ε/(1 − e^−D_SERIES) ≈ 50ε there); g and h by their series below
 * R_SERIES, by the atanh form below R_DIRECT, then from log(p'/q') (cancellation at most 2/R_DIRECT).
 */
const D_SERIES = 0.02;
const R_SERIES = 0.02;
const R_DIRECT = 0.25;

/** expm1(d) for |d| < D_SERIES: Taylor to d⁸ (remainder below 1e-19 relative). */
function expm1Small(d: number): number {
  return d * (1 + d * (1 / 2 + d * (1 / 6 + d * (1 / 24 + d * (1 / 120 + d * (1 / 720 + d * (1 / 5040 + d * (1 / 40320))))))));
}

/**
 * With r = (p' − q')/q', the KL terms are q'·g(r) forwards, g(r) = (1+r)·log(1+r) − r, and q'·h(r)
 * backwards, h(r) = r − log(1+r). Both over r², as series for |r| < R_SERIES (to r¹¹; remainder
 * below 1e-17 relative): g/r² = Σ_{k≥2} (−1)^k r^(k−2) / (k(k−1)), h/r² = Σ_{k≥2} (−1)^k r^(k−2) / k.
 */
function gOverR2(r: number): number {
  return 1 / 2 + r * (-1 / 6 + r * (1 / 12 + r * (-1 / 20 + r * (1 / 30 + r * (-1 / 42 + r * (1 / 56 + r * (-1 / 72 + r * (1 / 90 + r * (-1 / 110)))))))));
}
function hOverR2(r: number): number {
  return 1 / 2 + r * (-1 / 3 + r * (1 / 4 + r * (-1 / 5 + r * (1 / 6 + r * (-1 / 7 + r * (1 / 8 + r * (-1 / 9 + r * (1 / 10 + r * (-1 / 11)))))))));
}

/**
 * For R_SERIES <= |r| < R_DIRECT: log(1+r) = 2·atanh(s), s = r/(2+r), so g(r) = r²/(2+r) + 2(1+r)·S
 * and h(r) = r²/(2+r) − 2S with S = atanh(s) − s = Σ_{k≥1} s^(2k+1)/(2k+1) (|s| < 1/7: to s²¹).
 */
function atanhTail(s: number): number {
  const s2 = s * s;
  return s * s2 * (1 / 3 + s2 * (1 / 5 + s2 * (1 / 7 + s2 * (1 / 9 + s2 * (1 / 11 + s2 * (1 / 13 + s2 * (1 / 15 + s2 * (1 / 17 + s2 * (1 / 19 + s2 * (1 / 21))))))))));
}

/** Inserts (value, id) into a top-k list sorted by value descending; earlier ids win ties (numpy argmax). */
function insertTop(values: Float64Array, ids: Int32Array, value: number, id: number): void {
  let at = TOP_K - 1;
  while (at > 0 && value > values[at - 1]) {
    values[at] = values[at - 1];
    ids[at] = ids[at - 1];
    at--;
  }
  values[at] = value;
  ids[at] = id;
}

/**
 * Compares one position: `ref` and `cand` hold `vocab` finite logits each. Results go to `ws.result`
 * (its arrays are overwritten on the next call).
 */
export function comparePosition(ref: Float64Array, cand: Float64Array, vocab: number, ws: Workspace): PositionResult {
  const out = ws.result;
  const topA = out.refTopLogits;
  const topB = out.candTopLogits;
  topA.fill(-Infinity);
  topB.fill(-Infinity);
  out.refTop.fill(-1);
  out.candTop.fill(-1);

  // Pass 1: top-5 of each side (whose first is the max), differences, norms.
  let sAbs = 0, cAbs = 0, sSq = 0, cSq = 0, sAA = 0, cAA = 0, sBB = 0, cBB = 0, sX = 0, cX = 0, sAB = 0, cAB = 0;
  let maxAbs = 0;
  let lastA = -Infinity, lastB = -Infinity;
  for (let b = 0; b < vocab; b += BLOCK) {
    const e = b + BLOCK < vocab ? b + BLOCK : vocab;
    let bAbs = 0, bSq = 0, bAA = 0, bBB = 0, bX = 0, bAB = 0;
    for (let i = b; i < e; i++) {
      const x = ref[i];
      const y = cand[i];
      const diff = y - x;
      const ad = diff < 0 ? -diff : diff;
      bAbs += ad;
      bSq += diff * diff;
      bAA += x * x;
      bBB += y * y;
      bX += diff * (x + y);
      bAB += x * y;
      if (ad > maxAbs) maxAbs = ad;
      if (x > lastA) {
        insertTop(topA, out.refTop, x, i);
        lastA = topA[TOP_K - 1];
      }
      if (y > lastB) {
        insertTop(topB, out.candTop, y, i);
        lastB = topB[TOP_K - 1];
      }
    }
    // Neumaier: the running totals carry what each block addition rounded away.
    let t = sAbs + bAbs; cAbs += Math.abs(sAbs) >= Math.abs(bAbs) ? sAbs - t + bAbs : bAbs - t + sAbs; sAbs = t;
    t = sSq + bSq; cSq += Math.abs(sSq) >= Math.abs(bSq) ? sSq - t + bSq : bSq - t + sSq; sSq = t;
    t = sAA + bAA; cAA += Math.abs(sAA) >= Math.abs(bAA) ? sAA - t + bAA : bAA - t + sAA; sAA = t;
    t = sBB + bBB; cBB += Math.abs(sBB) >= Math.abs(bBB) ? sBB - t + bBB : bBB - t + sBB; sBB = t;
    t = sX + bX; cX += Math.abs(sX) >= Math.abs(bX) ? sX - t + bX : bX - t + sX; sX = t;
    t = sAB + bAB; cAB += Math.abs(sAB) >= Math.abs(bAB) ? sAB - t + bAB : bAB - t + sAB; sAB = t;
  }
  const maxA = topA[0];
  const maxB = topB[0];
  out.mae = (sAbs + cAbs) / vocab;
  out.rmse = Math.sqrt((sSq + cSq) / vocab);
  out.maxAbs = maxAbs;
  const normA = Math.sqrt(sAA + cAA);
  const normB = Math.sqrt(sBB + cBB);
  // ‖b‖ − ‖a‖ = (‖b‖² − ‖a‖²) / (‖a‖ + ‖b‖) with ‖b‖² − ‖a‖² = Σ (b−a)(a+b)
  const dNorm = (sX + cX) / (normA + normB);
  const nn = 2 * normA * normB;
  // The difference form's rounding is about ε·(‖a−b‖² + (‖a‖−‖b‖)²)/(2‖a‖‖b‖), the direct form's about ε.
  const dist = (sSq + cSq + dNorm * dNorm) / nn < 1 ? (sSq + cSq - dNorm * dNorm) / nn : 1 - (sAB + cAB) / (normA * normB);
  out.cosDist = normA > 0 && normB > 0 ? (dist > 0 ? dist : 0) : normA === normB ? 0 : 1;

  // Pass 2: the unnormalised softmax of each side (kept for pass 3) and its sums.
  const ea = ws.ea;
  const eb = ws.eb;
  // The softmax sums set the normalisation, and an error c there moves KL by KL·c: summed plainly in
  // short blocks (a block adds at most 15 roundings to the largest term) with Neumaier across them.
  let zA = 0, czA = 0, zB = 0, czB = 0;
  const dm = maxB - maxA;
  for (let b = 0; b < vocab; b += Z_BLOCK) {
    const e = b + Z_BLOCK < vocab ? b + Z_BLOCK : vocab;
    let bA = 0, bB = 0;
    for (let i = b; i < e; i++) {
      const x = ref[i];
      const y = cand[i];
      const u = Math.exp(x - maxA);
      // exp(y − maxB) = u·exp(t): where the two sides are close, a short series instead of a second exp
      const t = y - x - dm;
      const v = t < D_SERIES && t > -D_SERIES ? u + u * expm1Small(t) : Math.exp(y - maxB);
      ea[i] = u;
      eb[i] = v;
      bA += u;
      bB += v;
    }
    let s = zA + bA; czA += zA >= bA ? zA - s + bA : bA - s + zA; zA = s;
    s = zB + bB; czB += zB >= bB ? zB - s + bB : bB - s + zB; zB = s;
  }
  zA += czA;
  zB += czB;

  // Pass 3: KL both ways, term by term in the Bregman form (see the header).
  const c1 = 1 - vocab * EPS;
  const izA = 1 / zA;
  const izB = 1 / zB;
  // log p_i − log q_i = ((x_i − y_i) − (maxA − maxB)) − log(zA/zB). For float32 logits the first two
  // differences are exact, so the only constant error left is log's (an error c there shifts every
  // term alike, which moves KL by KL·c: kept to ~1e-16 instead of ε·|maxA − maxB| after an offset).
  const dMax = maxA - maxB;
  const lz = Math.log(zA / zB);
  let sF = 0, cF = 0, sR = 0, cR = 0;
  for (let b = 0; b < vocab; b += BLOCK) {
    const e = b + BLOCK < vocab ? b + BLOCK : vocab;
    let bF = 0, bR = 0;
    for (let i = b; i < e; i++) {
      const q = eb[i] * izB;
      const d = ref[i] - cand[i] - dMax - lz;
      const qs = c1 * q + EPS;
      let delta: number;
      let ps: number;
      if (d < D_SERIES && d > -D_SERIES) {
        delta = c1 * (q * expm1Small(d));
        ps = qs + delta;
      } else {
        const p = ea[i] * izA;
        delta = c1 * (p - q);
        ps = c1 * p + EPS;
      }
      const r = delta / qs;
      if (r < R_SERIES && r > -R_SERIES) {
        // q'·r² = delta·r
        const dr = delta * r;
        bF += dr * gOverR2(r);
        bR += dr * hOverR2(r);
      } else if (r < R_DIRECT && r > -R_DIRECT) {
        const tail = atanhTail(r / (2 + r));
        const a = (r * r) / (2 + r);
        bF += qs * (a + 2 * (1 + r) * tail);
        bR += qs * (a - 2 * tail);
      } else {
        const l = Math.log(ps / qs);
        bF += ps * l - delta;
        bR += delta - qs * l;
      }
    }
    let t = sF + bF; cF += sF >= bF ? sF - t + bF : bF - t + sF; sF = t;
    t = sR + bR; cR += sR >= bR ? sR - t + bR : bR - t + sR; sR = t;
  }
  out.kl = Math.max(0, sF + cF);
  out.klRev = Math.max(0, sR + cR);
  for (let j = 0; j < TOP_K; j++) {
    out.refTopProbs[j] = out.refTop[j] < 0 ? 0 : ea[out.refTop[j]] * izA;
    out.candTopProbs[j] = out.candTop[j] < 0 ? 0 : eb[out.candTop[j]] * izB;
  }
  return out;
}

/** How many ids two top-k lists share. */
export function overlap(a: Int32Array, b: Int32Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] < 0) continue;
    for (let j = 0; j < b.length; j++) if (a[i] === b[j]) {
      n++;
      break;
    }
  }
  return n;
}
