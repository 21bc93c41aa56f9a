import { describe, expect, it } from 'vitest';
import { comparePosition, createWorkspace, overlap } from './metrics';
import { exactPosition, type ExactMetrics } from './testing/exactReference';

// The truth is exactReference.ts: MAX's definitions in exact integer arithmetic, independent of the
// float64 code under test.

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(r() + 1e-300)) * Math.cos(2 * Math.PI * r());

const KEYS: (keyof ExactMetrics)[] = ['kl', 'klRev', 'cosDist', 'mae', 'rmse', 'maxAbs'];
const relErr = (got: number, want: number) => (want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want));
let worstSeen = 0;

function check(ref: Float64Array, cand: Float64Array, tolerance = 1e-14): ExactMetrics {
  const want = exactPosition(ref, cand);
  const got = comparePosition(ref, cand, ref.length, createWorkspace(ref.length));
  for (const key of KEYS) {
    const err = relErr(got[key], want[key]);
    worstSeen = Math.max(worstSeen, err);
    expect(err, `${key}: got ${got[key]}, exact ${want[key]}`).toBeLessThanOrEqual(tolerance);
  }
  return want;
}

const f32 = (xs: number[]) => Float64Array.from(xs, Math.fround);

describe('per-position metrics against the exact reference', () => {
  it('random float32 logits: vocabularies 2 to 4096, differences from 1e-7 to 3 (KL from 1e-16 to 1)', () => {
    const r = rng(7);
    let cases = 0;
    for (const vocab of [2, 5, 64, 257, 1000, 4096]) {
      for (const noise of [0, 1e-7, 1e-5, 1e-3, 0.02, 0.1, 0.5, 3]) {
        const ref = new Float64Array(vocab);
        const cand = new Float64Array(vocab);
        for (let i = 0; i < vocab; i++) {
          ref[i] = Math.fround(gauss(r) * 3);
          cand[i] = Math.fround(ref[i] + gauss(r) * noise);
        }
        const want = check(ref, cand);
        if (noise === 0) expect(want.kl).toBe(0);
        cases++;
      }
    }
    expect(cases).toBe(48);
  });

  it('identical rows give exactly zero for every metric', () => {
    const ref = f32([1.5, -2, 7.25, 0, 3]);
    const got = comparePosition(ref, ref.slice(), 5, createWorkspace(5));
    expect([got.kl, got.klRev, got.cosDist, got.mae, got.rmse, got.maxAbs]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('edge cases: a shift (same softmax), a sign flip, one-hot spikes, a 60-logit spread, one token', () => {
    const r = rng(11);
    const base = Array.from({ length: 300 }, () => gauss(r) * 2);
    check(f32(base), f32(base.map((x) => x + 1000)));
    check(f32(base), f32(base.map((x) => -x)));
    check(f32(base.map((_, i) => (i === 3 ? 30 : 0))), f32(base.map((_, i) => (i === 200 ? 30 : 0))));
    check(f32(base.map((x, i) => (i % 7 === 0 ? -60 + x : x))), f32(base.map((x, i) => (i % 5 === 0 ? -55 : x * 1.01))));
    // V = 1: the softmax is 1 on both sides
    const one = comparePosition(f32([2]), f32([-3]), 1, createWorkspace(1));
    expect(one.kl).toBe(0);
    expect(one.mae).toBe(5);
  });

  it('real-sized: 152,064 tokens (Qwen vocabulary), two noise levels, on a grid of values the reference can compute fast', () => {
    const r = rng(3);
    const vocab = 152064;
    for (const step of [1 / 1024, 1 / 16]) {
      const ref = new Float64Array(vocab);
      const cand = new Float64Array(vocab);
      for (let i = 0; i < vocab; i++) {
        ref[i] = Math.max(-8, Math.min(8, Math.round(gauss(r) * 3 * 128) / 128));
        cand[i] = ref[i] + (Math.floor(r() * 5) - 2) * step;
      }
      const want = check(ref, cand);
      expect(want.kl).toBeGreaterThan(0);
    }
  }, 60_000);

  it('reports the worst relative error seen (all metrics, all cases above)', () => {
    console.log(`max relative error against the exact reference: ${worstSeen.toExponential(2)}`);
    expect(worstSeen).toBeLessThan(1e-14);
  });
});

describe('top-k', () => {
  it('top-5 sorted by logit, the earlier token first on ties (numpy argmax)', () => {
    const ref = f32([1, 5, 5, 3, 5, 2, 5, 5, 0]);
    const cand = f32([9, 0, 0, 0, 0, 0, 0, 0, 8]);
    const got = comparePosition(ref, cand, 9, createWorkspace(9));
    expect(Array.from(got.refTop)).toEqual([1, 2, 4, 6, 7]);
    expect(Array.from(got.candTop)).toEqual([0, 8, 1, 2, 3]);
    expect(overlap(got.refTop, got.candTop)).toBe(2);
    // probabilities of the top tokens are the softmax
    const z = Array.from(ref).reduce((s, x) => s + Math.exp(x - 5), 0);
    expect(got.refTopProbs[0]).toBeCloseTo(1 / z, 15);
  });

  it('fewer than five tokens: the rest are -1', () => {
    const got = comparePosition(f32([0.5, 2]), f32([2, 0.5]), 2, createWorkspace(2));
    expect(Array.from(got.refTop)).toEqual([1, 0, -1, -1, -1]);
    expect(overlap(got.refTop, got.candTop)).toBe(2);
  });
});
