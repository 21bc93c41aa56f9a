import type { RepoType } from '../cache/types';

/** The HF cache layout (huggingface_hub `file_download.py`): `<cache>/models--org--name/snapshots/<commit>/`. */
const PREFIX: Record<RepoType, string> = { model: 'models', dataset: 'datasets', space: 'spaces' };

/** The cache folder name of a repo: `models--org--name` (huggingface_hub `repo_folder_name`). */
export function repoFolderName(repoId: string, type: RepoType = 'model'): string {
  return [PREFIX[type], ...repoId.split('/')].join('--');
}

/** The repo id and type a cache folder name stands for, or null when it is not a repo folder. */
export function parseRepoFolderName(folder: string): { repoId: string; repoType: RepoType } | null {
  const m = /^(models|datasets|spaces)--(.+)$/.exec(folder);
  if (!m) return null;
  const parts = m[2].split('--');
  if (parts.some((p) => p === '') || parts.length > 2) return null;
  const repoType = (Object.keys(PREFIX) as RepoType[]).find((t) => PREFIX[t] === m[1])!;
  return { repoId: parts.join('/'), repoType };
}

/**
 * The model repo and commit of a path inside an HF cache snapshot (`.../models--org--name/snapshots/<commit>[/...]`),
 * or null for any other path. Lets a snapshot folder be named `org/name@commit` wherever it was opened from.
 */
export function parseSnapshotPath(path: string): { repoId: string; commit: string } | null {
  const parts = path.split(/[\\/]+/);
  const at = parts.lastIndexOf('snapshots');
  if (at < 1 || at + 1 >= parts.length) return null;
  const repo = parseRepoFolderName(parts[at - 1]);
  const commit = parts[at + 1];
  if (!repo || repo.repoType !== 'model' || !/^[0-9a-f]{40}$/.test(commit)) return null;
  return { repoId: repo.repoId, commit };
}
