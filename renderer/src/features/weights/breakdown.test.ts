import { describe, expect, it } from 'vitest';
import type { WeightCheck } from '@shared/weights/types';
import { paramsBreakdown, sortChecks } from './breakdown';
import { buildTensorIndex } from './tensorIndex';

describe('sortChecks', () => {
  it('puts mismatches first, then missing, then ok, keeping their order otherwise', () => {
    const check = (field: string, status: WeightCheck['status']): WeightCheck => ({ field, status, expected: 1, actual: 1, tensor: null, message: '' });
    const sorted = sortChecks([check('a', 'ok'), check('b', 'missing'), check('c', 'mismatch'), check('d', 'ok'), check('e', 'mismatch')]);
    expect(sorted.map((c) => c.field)).toEqual(['c', 'e', 'b', 'a', 'd']);
  });
});

describe('paramsBreakdown', () => {
  it('sums parameters by component and dtype from the tensor table', () => {
    const tensors = {
      names: ['model.embed_tokens.weight', 'model.layers.0.self_attn.q_proj.weight', 'model.layers.0.self_attn.q_proj.weight_scale_inv', 'model.layers.0.input_layernorm.weight', 'lm_head.weight'],
      dtypes: ['BF16', 'F8_E4M3', 'F32', 'BF16', 'BF16'],
      shapes: [[10, 4], [4, 4], [1, 1], [4], [10, 4]],
      files: [0, 0, 0, 0, 0],
    };
    const b = paramsBreakdown(tensors, buildTensorIndex(tensors).params);
    expect(b.total).toBe(40 + 16 + 1 + 4 + 40);
    expect(b.dtypes[0]).toBe('BF16');
    expect(b.components).toContain('embeddings');
    expect(b.components).toContain('lm_head');
    const k = b.components.indexOf('embeddings');
    expect(b.parameters.BF16[k]).toBe(40);
    const sum = b.dtypes.reduce((s, d) => s + b.parameters[d].reduce((x, y) => x + y, 0), 0);
    expect(sum).toBe(b.total);
  });
});
