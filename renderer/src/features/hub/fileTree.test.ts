import { describe, expect, it } from 'vitest';
import { buildTree, visibleRows } from './fileTree';

const files = [
  { path: 'config.json', size: 700 },
  { path: 'model-00002-of-00010.safetensors', size: 2000, lfs: true },
  { path: 'model-00010-of-00010.safetensors', size: 1000, lfs: true },
  { path: 'original/params.json', size: 100 },
  { path: 'original/consolidated.00.pth', size: 5000, lfs: true },
  { path: 'a/b/c.txt', size: 1 },
];

describe('buildTree', () => {
  it('nests paths, sums folder sizes and counts files', () => {
    const root = buildTree(files);
    expect(root.size).toBe(8801);
    expect(root.files).toBe(6);
    const original = root.children.find((c) => c.path === 'original')!;
    expect(original.kind).toBe('folder');
    expect(original.size).toBe(5100);
    expect(original.files).toBe(2);
    expect(root.children.find((c) => c.path === 'a')!.children[0].path).toBe('a/b');
  });

  it('puts folders first, then files in natural order', () => {
    const names = buildTree(files).children.map((c) => c.name);
    expect(names).toEqual(['a', 'original', 'config.json', 'model-00002-of-00010.safetensors', 'model-00010-of-00010.safetensors']);
  });

  it('keeps the LFS flag and ignores empty paths', () => {
    const root = buildTree([...files, { path: '', size: 5 }, { path: '/', size: 5 }]);
    expect(root.files).toBe(6);
    expect(root.children.find((c) => c.name === 'config.json')!.lfs).toBe(false);
    expect(root.children.find((c) => c.name.startsWith('model-00002'))!.lfs).toBe(true);
  });
});

describe('visibleRows', () => {
  it('lists every row with its depth when nothing is collapsed', () => {
    const rows = visibleRows(buildTree(files), new Set());
    expect(rows.map((r) => `${r.depth}:${r.node.name}`)).toEqual([
      '0:a', '1:b', '2:c.txt', '0:original', '1:consolidated.00.pth', '1:params.json',
      '0:config.json', '0:model-00002-of-00010.safetensors', '0:model-00010-of-00010.safetensors',
    ]);
  });

  it('hides what is below a collapsed folder', () => {
    const rows = visibleRows(buildTree(files), new Set(['a', 'original']));
    expect(rows.map((r) => r.node.path)).toEqual(['a', 'original', 'config.json', 'model-00002-of-00010.safetensors', 'model-00010-of-00010.safetensors']);
  });

  it('handles 163 shards', () => {
    const many = Array.from({ length: 163 }, (_, i) => ({ path: `model-${String(i + 1).padStart(5, '0')}-of-000163.safetensors`, size: 4e9, lfs: true }));
    const rows = visibleRows(buildTree(many), new Set());
    expect(rows).toHaveLength(163);
    expect(rows[0].node.name).toBe('model-00001-of-000163.safetensors');
  });
});
