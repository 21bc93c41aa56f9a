/** A checkpoint SOURCE (CLI-CONTRACT.md "Sources") after resolution: where its files are read from. */
export interface CheckpointSource {
  /** The SOURCE as the user gave it. */
  given: string;
  kind: 'local' | 'cache' | 'hub';
  /** Absolute folder for local and cache sources. */
  dir?: string;
  /** org/name for cache and hub sources. */
  repoId?: string;
  /** The revision asked for (branch, tag or commit), and the commit it resolved to where known. */
  revision?: string;
  commit?: string;
  /** Base URL of the Hub for hub sources. */
  hubUrl?: string;
  /** A readable name for messages: a path, or org/name@rev. */
  label: string;
}

export interface SourceFile {
  /** Path relative to the checkpoint root, with forward slashes. */
  path: string;
  size: number;
}

/** What the services need from a resolved source: its file list and small text files. */
export interface SourceReader {
  source: CheckpointSource;
  listFiles(): Promise<SourceFile[]>;
  /** The text of a small file (config.json, index json), or null when the checkpoint has no such file. */
  readText(path: string): Promise<string | null>;
  /** Hub sources only: how to range-read their files (e.g. @huggingface/hub parseSafetensorsMetadata). */
  remote?: RemoteAccess;
}

export interface RemoteAccess {
  /** The commit the revision resolved to; pass it as `revision` so every read sees the same files. */
  commit: string;
  /** The resolve URL of a file. */
  fileUrl(path: string): string;
  /** `{hubUrl, accessToken, fetch}` for any @huggingface/hub call (offline-guarded, with a deadline). */
  callParams(): Promise<{ hubUrl: string; accessToken?: string; fetch: typeof fetch }>;
}

export interface ResolveOptions {
  offline?: boolean;
  /** The HF cache folder; default from the environment (HF_HUB_CACHE, HF_HOME/hub, ~/.cache/huggingface/hub). */
  cacheDir?: string;
  hubUrl?: string;
  /** A token to use instead of HF_TOKEN / the token file; null for none. */
  token?: string | null;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Who reads the Hub's error hints: the app (its Offline switch) or the command line (HF_HUB_OFFLINE, --offline). */
  audience?: 'app' | 'cli';
}
