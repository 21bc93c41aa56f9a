import type { OpenedCheckpoint } from '@shared/api/types';
import { parseSnapshotPath } from '@shared/hub/repoFolder';

const REPO_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+(@[\w./-]+)?$/;

/** A full commit as its first 7 characters (as git and the Hub show it); anything else unchanged. */
export function shortRevision(revision: string): string {
  return /^[0-9a-f]{40}$/.test(revision) ? revision.slice(0, 7) : revision;
}

export function isRepoId(source: string): boolean {
  return REPO_ID.test(source) && !source.startsWith('.');
}

/** `org/name@rev` for a repo id, `org/name@abc1234` for an HF cache snapshot folder, else the folder's name. */
export function sourceTitle(source: string): string {
  if (isRepoId(source)) {
    const at = source.indexOf('@');
    return at < 0 ? source : `${source.slice(0, at)}@${shortRevision(source.slice(at + 1))}`;
  }
  const snapshot = parseSnapshotPath(source);
  if (snapshot) return `${snapshot.repoId}@${shortRevision(snapshot.commit)}`;
  const parts = source.replace(/[\\/]+$/, '').split(/[\\/]/);
  const last = parts.pop() || source;
  return last === 'config.json' && parts.length ? parts.pop()! : last;
}

/** The name of an opened checkpoint in the status bar, the pane header and the recent list. */
export function checkpointTitle(checkpoint: OpenedCheckpoint): string {
  if (checkpoint.kind === 'example' || checkpoint.kind === 'dropped') return checkpoint.label;
  if ((checkpoint.kind === 'hub' || checkpoint.kind === 'cache') && checkpoint.repoId) {
    const asked = isRepoId(checkpoint.source) && checkpoint.source.includes('@') ? checkpoint.source.slice(checkpoint.source.indexOf('@') + 1) : null;
    const revision = asked ?? (isRepoId(checkpoint.source) ? 'main' : checkpoint.revision);
    return revision ? `${checkpoint.repoId}@${shortRevision(revision)}` : checkpoint.repoId;
  }
  return sourceTitle(checkpoint.dir ?? checkpoint.source);
}

/** Where it was read from, for a second line or a tooltip. */
export function checkpointWhere(checkpoint: OpenedCheckpoint): string {
  switch (checkpoint.kind) {
    case 'example':
      return 'embedded example (config.json only)';
    case 'dropped':
      return 'dropped file (config.json only)';
    case 'cache':
      return `HF cache · ${checkpoint.dir ?? ''}`;
    case 'hub':
      return `read from the Hub · ${checkpoint.label}`;
    default:
      return parseSnapshotPath(checkpoint.dir ?? '') ? `HF cache snapshot · ${checkpoint.dir}` : (checkpoint.dir ?? checkpoint.source);
  }
}

/** The Hub repo and commit behind a checkpoint, when it has one (a Hub or HF cache source, or a snapshot folder). */
export function repoOf(checkpoint: OpenedCheckpoint): { repoId: string; revision: string } | null {
  if ((checkpoint.kind === 'hub' || checkpoint.kind === 'cache') && checkpoint.repoId) return { repoId: checkpoint.repoId, revision: checkpoint.revision ?? 'main' };
  const snapshot = checkpoint.kind === 'local' && checkpoint.dir ? parseSnapshotPath(checkpoint.dir) : null;
  return snapshot ? { repoId: snapshot.repoId, revision: snapshot.commit } : null;
}
