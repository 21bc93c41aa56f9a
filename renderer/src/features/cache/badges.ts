import type { CachedRepo } from '@shared/cache/types';

export interface Badge {
  label: string;
  kind: 'config' | 'weights' | 'warn' | 'muted';
  title: string;
}

/** Badges for a cached repo: config, the weight formats its revisions hold, incomplete downloads. */
export function repoBadges(repo: CachedRepo): Badge[] {
  const badges: Badge[] = [];
  if (repo.revisions.some((r) => r.hasConfig)) badges.push({ label: 'config', kind: 'config', title: 'config.json present' });
  const formats = [...new Set(repo.revisions.map((r) => r.weights).filter((w): w is NonNullable<typeof w> => w !== null))].sort();
  for (const f of formats) badges.push({ label: f, kind: 'weights', title: `${f} weights present` });
  if (repo.revisions.length > 0 && formats.length === 0) badges.push({ label: 'no weights', kind: 'muted', title: 'no weight files in any revision' });
  if (repo.incompleteDownloads > 0) {
    badges.push({
      label: `${repo.incompleteDownloads} incomplete`,
      kind: 'warn',
      title: `${repo.incompleteDownloads} interrupted or running download(s); downloading again resumes them`,
    });
  }
  return badges;
}

/** `main · abc1234`, or the short commit alone for a revision no ref names. */
export function revisionLabel(refs: readonly string[], commit: string): string {
  const short = commit.slice(0, 7);
  return refs.length ? `${refs.join(', ')} · ${short}` : short;
}
