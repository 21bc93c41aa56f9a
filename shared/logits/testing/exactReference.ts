/**
 * TEST REFERENCE ONLY (imported by *.test.ts and the bench, never by the product): MAX's logits metrics
 * computed in exact integer arithmetic, a truth independent of shared/logits/metrics.ts.
 *
 * Every quantity is a BigInt fixed-point number with FRAC fractional bits (2^-FRAC resolution).
 * exp and log are evaluated by series to that precision, sums are exact, and the definitions are
 * applied literally: p = softmax(ref), p' = (1 − V·eps)·p + eps, KL = Σ p'·(log p' − log q'),
 * cosine distance = 1 − a·b/(‖a‖‖b‖), MAE, RMSE, max abs. eps is the float64 constant 1e-10, as
 * MAX's Python uses it. Logits must satisfy x − max(x) ≥ −60 so the softmax stays far above 2^-FRAC.
 * exp and log are computed once per distinct logit value, so vocabulary-sized rows whose logits
 * repeat (values on a grid) cost one series per distinct value.
 */
import type { PositionValues } from '../types';

const FRAC = 320;
const ONE = 1n << BigInt(FRAC);

/** A float64 as an exact fixed-point number (exact for |x| ≥ 2^-FRAC + 53). */
export function fixedFromFloat(x: number): bigint {
  if (x === 0) return 0n;
  if (!Number.isFinite(x)) throw new Error('not finite');
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  const shift = exp + FRAC;
  return sign * (shift >= 0 ? mant << BigInt(shift) : mant >> BigInt(-shift));
}

export function fixedToFloat(x: bigint): number {
  // Number(bigint) rounds to nearest; dividing by a power of two is exact away from underflow.
  const neg = x < 0n;
  let m = neg ? -x : x;
  let scale = FRAC;
  // Keep Number() in range for huge intermediates.
  while (m >= 1n << 1000n) {
    m >>= 64n;
    scale -= 64;
  }
  const v = Number(m) / 2 ** scale;
  return neg ? -v : v;
}

const mul = (a: bigint, b: bigint) => (a * b) >> BigInt(FRAC);
const div = (a: bigint, b: bigint) => (a << BigInt(FRAC)) / b;

function atanhSeries(t: bigint): bigint {
  // atanh(t) = t + t³/3 + t⁵/5 + ...
  const t2 = mul(t, t);
  let term = t;
  let sum = 0n;
  for (let n = 1n; term !== 0n; n += 2n) {
    sum += term / n;
    term = mul(term, t2);
  }
  return sum;
}

const LN2 = 2n * atanhSeries(div(ONE, 3n * ONE));

function bitLength(x: bigint): number {
  return x.toString(2).length;
}

export function fixedLog(y: bigint): bigint {
  if (y <= 0n) throw new Error('log of a non-positive number');
  // y = z·2^k with z in [1, 2)
  const k = bitLength(y) - 1 - FRAC;
  const z = k >= 0 ? y >> BigInt(k) : y << BigInt(-k);
  const t = div(z - ONE, z + ONE);
  return 2n * atanhSeries(t) + BigInt(k) * LN2;
}

export function fixedExp(x: bigint): bigint {
  // x = n·ln2 + r, 0 <= r < ln2; e^r by Taylor on r/2^8, squared 8 times.
  let n = x / LN2;
  let r = x - n * LN2;
  if (r < 0n) {
    r += LN2;
    n -= 1n;
  }
  const SQUARINGS = 8;
  const small = r >> BigInt(SQUARINGS);
  let term = ONE;
  let sum = ONE;
  for (let i = 1n; term !== 0n; i++) {
    term = mul(term, small) / i;
    sum += term;
  }
  for (let i = 0; i < SQUARINGS; i++) sum = mul(sum, sum);
  return n >= 0n ? sum << n : sum >> -n;
}

function fixedSqrt(x: bigint): bigint {
  // sqrt in fixed point: isqrt(x · 2^FRAC)
  const v = x << BigInt(FRAC);
  if (v < 2n) return v;
  let r = 1n << BigInt(Math.ceil(bitLength(v) / 2));
  for (;;) {
    const next = (r + v / r) >> 1n;
    if (next >= r) return r;
    r = next;
  }
}

export type ExactMetrics = PositionValues;

/** MAX's metrics of one position, exactly (then rounded once to float64). */
export function exactPosition(ref: ArrayLike<number>, cand: ArrayLike<number>): ExactMetrics {
  const n = ref.length;
  const a = Array.from(ref, fixedFromFloat);
  const b = Array.from(cand, fixedFromFloat);
  const maxA = a.reduce((m, v) => (v > m ? v : m));
  const maxB = b.reduce((m, v) => (v > m ? v : m));
  // Per distinct logit value (keyed by the float): its exp, then its smoothed probability and log.
  const side = (floats: ArrayLike<number>, fixed: bigint[], max: bigint) => {
    const exps = new Map<number, bigint>();
    for (let i = 0; i < n; i++) if (!exps.has(floats[i])) exps.set(floats[i], fixedExp(fixed[i] - max));
    let z = 0n;
    for (let i = 0; i < n; i++) z += exps.get(floats[i])!;
    const smooth = new Map<number, { p: bigint; log: bigint }>();
    for (const [x, e] of exps) {
      const p = mul(c1, div(e, z)) + eps;
      smooth.set(x, { p, log: fixedLog(p) });
    }
    return smooth;
  };
  const eps = fixedFromFloat(1e-10);
  const c1 = ONE - BigInt(n) * eps;
  const pa = side(ref, a, maxA);
  const pb = side(cand, b, maxB);
  let kl = 0n;
  let klRev = 0n;
  for (let i = 0; i < n; i++) {
    const p = pa.get(ref[i])!;
    const q = pb.get(cand[i])!;
    const l = p.log - q.log;
    kl += mul(p.p, l);
    klRev -= mul(q.p, l);
  }
  let dot = 0n, aa = 0n, bb = 0n, sAbs = 0n, sSq = 0n, maxAbs = 0n;
  for (let i = 0; i < n; i++) {
    dot += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
    const d = b[i] - a[i];
    const ad = d < 0n ? -d : d;
    sAbs += ad;
    sSq += d * d;
    if (ad > maxAbs) maxAbs = ad;
  }
  // products above carry 2·FRAC fractional bits
  const F = BigInt(FRAC);
  const cos = div(dot >> F, fixedSqrt(mul(aa >> F, bb >> F)));
  return {
    kl: fixedToFloat(kl),
    klRev: fixedToFloat(klRev),
    cosDist: fixedToFloat(ONE - cos),
    mae: fixedToFloat(sAbs / BigInt(n)),
    rmse: fixedToFloat(fixedSqrt((sSq >> F) / BigInt(n))),
    maxAbs: fixedToFloat(maxAbs),
  };
}
