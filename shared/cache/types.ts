/** The JSON of `bringup cache --json` (CLI-CONTRACT.md); fields beyond the contract are marked "added". */
export type RepoType = 'model' | 'dataset' | 'space';
export type WeightsFormat = 'safetensors' | 'gguf' | 'bin';

export interface CachedRevision {
  commit: string;
  refs: string[];
  files: number;
  /** Bytes of the blobs this revision points at, each counted once. */
  sizeOnDisk: number;
  hasConfig: boolean;
  weights: WeightsFormat | null;
  /** Added: the snapshot folder (a checkpoint folder `resolveSource` and `max serve` can read). */
  path: string;
}

export interface CachedRepo {
  repoId: string;
  repoType: RepoType;
  /** Bytes of its complete blobs (and of real files in snapshots), each counted once. */
  sizeOnDisk: number;
  /** ISO time of the newest blob or snapshot change, null when the repo holds nothing. */
  lastModified: string | null;
  refs: Record<string, string>;
  revisions: CachedRevision[];
  /** `blobs/*.incomplete`: downloads that were interrupted or are running. */
  incompleteDownloads: number;
  /** Added: bytes held by those incomplete blobs. */
  incompleteBytes: number;
  /** Added: the repo folder (`models--org--name`). */
  path: string;
}

export interface CacheReport {
  cacheDir: string;
  repos: CachedRepo[];
  warnings: string[];
}

/** A checkpoint folder found inside a folder the user added. */
export interface FoundCheckpoint {
  path: string;
  hasConfig: boolean;
  weights: WeightsFormat | null;
}
