import type { RepoType } from '../../../shared/cache/types';

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
