import { beforeEach, describe, expect, it } from 'vitest';
import type { WeightsReport } from '@shared/weights/types';
import { oneLine, useWeightsStore } from './weightsStore';

describe('weights store', () => {
  beforeEach(() => useWeightsStore.setState({ entries: {} }));

  it('drops a late answer for a superseded request', () => {
    const s = useWeightsStore.getState();
    s.begin('/ckpt', 1, false);
    s.begin('/ckpt', 2, true);
    s.resolve('/ckpt', 1, { source: '/ckpt' } as WeightsReport);
    expect(useWeightsStore.getState().entries['/ckpt'].status).toBe('loading');
    s.reject('/ckpt', 2, 'x');
    expect(useWeightsStore.getState().entries['/ckpt']).toEqual({ status: 'error', request: 2, remote: true, message: 'x' });
  });

  it('keeps an error to one line', () => {
    expect(oneLine('\n/a/model.safetensors: byte 8: header does not start with {\n    at foo (bar.js:1)')).toBe('/a/model.safetensors: byte 8: header does not start with {');
    expect(oneLine('')).toBe('reading the weights failed');
    expect(oneLine('x'.repeat(1000))).toHaveLength(400);
  });

  it('gives every reveal a new nonce so the same tensor scrolls again', () => {
    const s = useWeightsStore.getState();
    s.revealTensor('lm_head.weight');
    const first = useWeightsStore.getState().reveal!.nonce;
    s.revealTensor('lm_head.weight');
    expect(useWeightsStore.getState().reveal!.nonce).toBeGreaterThan(first);
  });
});
