import { describe, expect, it } from 'vitest';
import type { CachedRepo, CachedRevision } from '@shared/cache/types';
import { repoBadges, revisionLabel } from './badges';

const rev = (patch: Partial<CachedRevision>): CachedRevision => ({
  commit: 'a'.repeat(40), refs: [], files: 1, sizeOnDisk: 1, hasConfig: false, weights: null, path: '/c/snap', ...patch,
});
const repo = (patch: Partial<CachedRepo>): CachedRepo => ({
  repoId: 'org/name', repoType: 'model', sizeOnDisk: 0, lastModified: null, refs: {}, revisions: [], incompleteDownloads: 0, incompleteBytes: 0, path: '/c', ...patch,
});

describe('repoBadges', () => {
  it('names config, each weight format once, and incomplete downloads', () => {
    const badges = repoBadges(repo({
      revisions: [rev({ hasConfig: true, weights: 'safetensors' }), rev({ weights: 'gguf' }), rev({ weights: 'safetensors' })],
      incompleteDownloads: 2,
    }));
    expect(badges.map((b) => b.label)).toEqual(['config', 'gguf', 'safetensors', '2 incomplete']);
  });

  it('says when no revision holds weights, and nothing for an empty repo', () => {
    expect(repoBadges(repo({ revisions: [rev({ hasConfig: true })] })).map((b) => b.label)).toEqual(['config', 'no weights']);
    expect(repoBadges(repo({}))).toEqual([]);
  });
});

describe('revisionLabel', () => {
  it('shows refs and the short commit', () => {
    expect(revisionLabel(['main', 'refs/pr/1'], '0123456789abcdef0123456789abcdef01234567')).toBe('main, refs/pr/1 · 0123456');
    expect(revisionLabel([], '0123456789abcdef0123456789abcdef01234567')).toBe('0123456');
  });
});
