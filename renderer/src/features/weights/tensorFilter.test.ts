import { describe, expect, it } from 'vitest';
import { filterRows, globToRegExp, nameMatches, parseNameFilter } from './tensorFilter';
import { buildTensorIndex, naturalKey } from './tensorIndex';

const names = [
  'model.layers.10.self_attn.q_proj.weight',
  'model.embed_tokens.weight',
  'model.layers.2.mlp.down_proj.weight',
  'model.layers.2.self_attn.q_proj.weight',
  'lm_head.weight',
  'model.layers.10.mlp.down_proj.weight',
];
const table = {
  names,
  dtypes: ['BF16', 'BF16', 'F8_E4M3', 'BF16', 'F32', 'F8_E4M3'],
  shapes: [[4, 4], [8, 4], [4, 2], [4, 4], [8, 4], [4, 2]],
  files: [1, 0, 0, 0, 1, 1],
};
const index = buildTensorIndex(table);
const shown = (text: string, dtype = '', shard = -1) => [...filterRows(index, { name: parseNameFilter(text), dtype, shard })].map((i) => names[i]);

describe('parseNameFilter', () => {
  it('reads plain text, globs and /regex/', () => {
    expect(parseNameFilter('  ')).toEqual({ kind: 'all' });
    expect(parseNameFilter('Q_Proj')).toEqual({ kind: 'text', needle: 'q_proj' });
    expect(parseNameFilter('model.layers.*.mlp.*').kind).toBe('glob');
    expect(parseNameFilter('/layers\\.\\d+\\.mlp/').kind).toBe('regex');
  });

  it('reports a bad regex instead of throwing', () => {
    const f = parseNameFilter('/layers.(/');
    expect(f.kind).toBe('invalid');
    expect(nameMatches(f, 'x', 'x')).toBe(false);
  });

  it('drops the stateful g and y flags so every row is tested afresh', () => {
    const f = parseNameFilter('/weight/gi');
    expect(f.kind === 'regex' && f.pattern.flags).toBe('i');
    expect(shown('/WEIGHT/gi')).toHaveLength(6);
  });

  it('globs match the whole name, escape regex characters, and ignore case', () => {
    expect(globToRegExp('model.layers.*.mlp.*').test('model.layers.3.mlp.up_proj.weight')).toBe(true);
    expect(globToRegExp('model.layers.*.mlp.*').test('xmodel.layers.3.mlp.up')).toBe(false);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
    expect(globToRegExp('layers.?.*').test('layers.2.mlp')).toBe(true);
    expect(globToRegExp('LM_HEAD*').test('lm_head.weight')).toBe(true);
    expect(globToRegExp('(x)[y]+*').test('(x)[y]+z')).toBe(true);
  });
});

describe('filterRows', () => {
  it('lists every row in natural order (layers.2 before layers.10)', () => {
    expect(shown('')).toEqual([
      'lm_head.weight',
      'model.embed_tokens.weight',
      'model.layers.2.mlp.down_proj.weight',
      'model.layers.2.self_attn.q_proj.weight',
      'model.layers.10.mlp.down_proj.weight',
      'model.layers.10.self_attn.q_proj.weight',
    ]);
  });

  it('combines the name filter with dtype and shard', () => {
    expect(shown('q_proj')).toEqual(['model.layers.2.self_attn.q_proj.weight', 'model.layers.10.self_attn.q_proj.weight']);
    expect(shown('*.mlp.*', 'F8_E4M3', 1)).toEqual(['model.layers.10.mlp.down_proj.weight']);
    expect(shown('/^model\\.layers\\.2\\./')).toHaveLength(2);
    expect(shown('', 'F32')).toEqual(['lm_head.weight']);
    expect(shown('nothing-like-this')).toEqual([]);
  });

  it('precomputes what the table needs once', () => {
    expect(index.dtypeList).toEqual(['BF16', 'F32', 'F8_E4M3']);
    expect(index.params[2]).toBe(8);
    expect(index.rowOf.get('lm_head.weight')).toBe(4);
    expect(index.position[index.order[3]]).toBe(3);
    expect(naturalKey('a.2.b') < naturalKey('a.10.b')).toBe(true);
  });

  it('stays a single pass over 91,000 names', () => {
    const n = 91_000;
    const big = { names: [] as string[], dtypes: [] as string[], shapes: [] as number[][], files: [] as number[] };
    for (let i = 0; i < n; i++) {
      big.names.push(`model.layers.${i % 61}.mlp.experts.${i % 256}.gate_proj.weight_${i}`);
      big.dtypes.push(i % 2 ? 'F8_E4M3' : 'BF16');
      big.shapes.push([2048, 7168]);
      big.files.push(i % 163);
    }
    const bigIndex = buildTensorIndex(big);
    expect(filterRows(bigIndex, { name: parseNameFilter(''), dtype: '', shard: -1 })).toHaveLength(n);
    expect(filterRows(bigIndex, { name: parseNameFilter('experts.255.'), dtype: 'F8_E4M3', shard: -1 }).length).toBeGreaterThan(0);
  });
});
