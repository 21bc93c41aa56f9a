/** The Hub's data as the services hand it to every face (search, model pages, downloads, tokens). */

export type HubSort = 'downloads' | 'likes' | 'lastModified';

export interface SearchParams {
  query?: string;
  author?: string;
  /** A library name (transformers, gguf, mlx…), sent as the Hub's `filter` tag. */
  library?: string;
  /** A pipeline tag (text-generation…). */
  task?: string;
  sort?: HubSort;
  limit?: number;
  /** Opaque: the `nextCursor` of the previous page. */
  cursor?: string;
}

export interface HubModelSummary {
  id: string;
  private: boolean;
  gated: false | 'auto' | 'manual';
  downloads: number;
  likes: number;
  lastModified: string | null;
  pipelineTag: string | null;
  library: string | null;
  tags: string[];
}

export interface SearchResult {
  items: HubModelSummary[];
  nextCursor: string | null;
}

export interface HubFile {
  path: string;
  size: number;
  /** Present for files stored in LFS: the sha256 the Hub promises for the content. */
  lfs?: { sha256: string; size: number };
  /** The git blob id (the ETag the Hub sends for non-LFS files). */
  oid?: string;
}

export interface HubModelInfo extends HubModelSummary {
  /** The commit the revision resolved to. */
  sha: string;
  files: HubFile[];
  /** Paths the Hub listed that are unsafe to write (`..`, absolute, backslashes): left out of `files`. */
  warnings: string[];
  /** What the model page shows beyond the listing; null when it was not asked for (downloads, resolving a SOURCE). */
  details: HubModelDetails | null;
}

/**
 * What the Hub API says about a model beyond its listing (`expand=config,safetensors,cardData`,
 * peer-tools.md §A2): its pruned config, the parameter counts it computed from the safetensors
 * headers, and the model card's metadata. Each is null or empty when the Hub did not say.
 */
export interface HubModelDetails {
  architectures: string[];
  modelType: string | null;
  /** `safetensors: {parameters: {dtype: n}, total}`, counted by the Hub from the headers. */
  parameters: { total: number; byDtype: Record<string, number> } | null;
  license: string | null;
  baseModels: string[];
}

/** The model card: README.md without its YAML metadata block (that comes back as `cardData`). */
export interface HubReadme {
  /** Markdown, or null when the repo has no README.md. */
  text: string | null;
}

export type FileState = 'queued' | 'downloading' | 'done' | 'cached' | 'failed';

export interface FileProgress {
  path: string;
  bytes: number;
  total: number;
  state: FileState;
}

export interface DownloadProgress {
  id: string;
  files: FileProgress[];
  overall: { bytes: number; total: number; rate: number; etaSeconds: number | null };
}

export interface DownloadResult {
  id: string;
  repo: string;
  revision: string;
  commit: string;
  cacheDir: string;
  /** The snapshot folder: a checkpoint folder for `analyze` and `max serve`. */
  snapshotDir: string;
  files: Array<{ path: string; size: number; blob: string; cached: boolean; resumedFrom: number }>;
  bytesDownloaded: number;
  warnings: string[];
}


export type TokenSource = 'env' | 'file' | 'user';

/** All the UI ever learns about the token. */
export interface TokenStatus {
  source: TokenSource | null;
  present: boolean;
}

