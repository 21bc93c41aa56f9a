import { describe, expect, it } from 'vitest';
import { flattenGroups, groupKey, groupRows } from './grouping';
import { filterRows, parseNameFilter } from './tensorFilter';
import { buildTensorIndex } from './tensorIndex';

describe('groupKey', () => {
  it('groups by module across layers', () => {
    expect(groupKey('model.layers.0.self_attn.q_proj.weight', 'module')).toBe('model.layers.{i}.self_attn.*');
    expect(groupKey('model.layers.12.input_layernorm.weight', 'module')).toBe('model.layers.{i}.input_layernorm.*');
    expect(groupKey('model.layers.3.mlp.experts.17.down_proj.weight', 'module')).toBe('model.layers.{i}.mlp.experts.*');
    expect(groupKey('model.layers.3.mlp.gate.weight', 'module')).toBe('model.layers.{i}.mlp.*');
    expect(groupKey('model.layers.3.mlp.shared_experts.up_proj.weight', 'module')).toBe('model.layers.{i}.mlp.*');
    expect(groupKey('blk.4.attn_q.weight', 'module')).toBe('blk.{i}.attn_q.*');
  });

  it('groups by layer', () => {
    expect(groupKey('model.layers.7.self_attn.q_proj.weight', 'layer')).toBe('model.layers.7.*');
    expect(groupKey('model.layers.7.mlp.experts.3.w1.weight', 'layer')).toBe('model.layers.7.*');
  });

  it('puts tensors outside the layers under their own module', () => {
    expect(groupKey('model.embed_tokens.weight', 'layer')).toBe('model.embed_tokens.*');
    expect(groupKey('model.norm.weight', 'module')).toBe('model.norm.*');
    expect(groupKey('lm_head.weight', 'module')).toBe('lm_head.*');
    expect(groupKey('rope_freqs', 'module')).toBe('rope_freqs');
  });
});

describe('groupRows', () => {
  const names: string[] = ['model.embed_tokens.weight'];
  for (let l = 0; l < 3; l++) names.push(`model.layers.${l}.self_attn.q_proj.weight`, `model.layers.${l}.self_attn.k_proj.weight`, `model.layers.${l}.mlp.up_proj.weight`);
  names.push('lm_head.weight');
  const index = buildTensorIndex({
    names,
    dtypes: names.map((n) => (n.includes('k_proj') ? 'F32' : 'BF16')),
    shapes: names.map((n) => (n.includes('mlp') ? [8, 4] : [4, 4])),
    files: names.map((_, i) => i % 2),
  });
  const all = filterRows(index, { name: parseNameFilter(''), dtype: '', shard: -1 });

  it('sums counts and parameters per group, in display order', () => {
    const groups = groupRows(index, all, 'module');
    expect(groups.map((g) => [g.key, g.rows.length, g.params])).toEqual([
      ['lm_head.*', 1, 16],
      ['model.embed_tokens.*', 1, 16],
      ['model.layers.{i}.mlp.*', 3, 96],
      ['model.layers.{i}.self_attn.*', 6, 96],
    ]);
    expect(groups[3].dtypes).toEqual(['BF16', 'F32']);
    expect(groups[3].files).toEqual([0, 1]);
  });

  it('groups only the rows that pass the filter', () => {
    const rows = filterRows(index, { name: parseNameFilter('k_proj'), dtype: '', shard: -1 });
    const groups = groupRows(index, rows, 'layer');
    expect(groups.map((g) => `${g.key}:${g.rows.length}`)).toEqual(['model.layers.0.*:1', 'model.layers.1.*:1', 'model.layers.2.*:1']);
  });

  it('expands only the open groups', () => {
    const groups = groupRows(index, all, 'layer');
    const items = flattenGroups(groups, new Set(['model.layers.1.*']));
    expect(items).toHaveLength(groups.length + 3);
    const at = items.findIndex((it) => it.kind === 'group' && it.group.key === 'model.layers.1.*');
    expect(items[at + 1]).toMatchObject({ kind: 'row', inGroup: true });
  });
});
