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
}

export interface ResolveOptions {
  offline?: boolean;
  hubUrl?: string;
  token?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
}
