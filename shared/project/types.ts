/** A port project on disk: the package folder plus .bringup/ (DESIGN.md "A port project on disk"). */
import type { ProjectCheckpoint, ProjectSettings } from './schema';

export type { Acknowledgement, Evidence, Hook, ProjectCheckpoint, ProjectFile, ProjectSettings, RunRecord } from './schema';

export interface PackageToWrite {
  packageName: string;
  maxVersion: string;
  /** The registered name (arch.py's SupportedArchitecture.name), when the generator knows it. */
  archName?: string;
  files: Array<{ path: string; content: string }>;
}

export interface WriteOptions {
  /** Overwrite files the user changed instead of merging. */
  force?: boolean;
  checkpoint: ProjectCheckpoint;
  settings?: ProjectSettings;
  /** Clock for updatedAt (tests). */
  now?: () => Date;
}

export interface FileConflict {
  /** Package file, relative to the project folder (e.g. "llama_port/model_config.py"). */
  path: string;
  /** Where the newly generated version was written beside it. */
  newPath: string;
  /** 1-based lines in the user's file where conflicting regions start. */
  lines: number[];
}

export interface WriteReport {
  packageDir: string;
  /** Written with new content (new, untouched, merged, or forced). */
  written: string[];
  /** Of `written`, those where the user's edits were merged in. */
  merged: string[];
  /** Left as they are: already identical, or only the user changed them. */
  skipped: string[];
  conflicts: FileConflict[];
}

/** The three versions the UI shows in a diff editor to resolve a conflict. */
export interface ConflictVersions {
  path: string;
  /** The last generated version (common ancestor). */
  base: string;
  /** The file as the user left it. */
  ours: string;
  /** The newly generated version. */
  theirs: string;
}

/** "Write the package" from the UI: the config text as edited, and where to write. */
export interface ProjectWriteRequest {
  /** Absolute folder of the port project. */
  dir: string;
  configText: string;
  checkpoint: ProjectCheckpoint;
  /** The checkpoint's files (weights format, quantize_config.json ...). */
  files?: string[];
  archName?: string;
  maxVersion?: string;
  force?: boolean;
}

export interface ProjectWriteResult extends WriteReport {
  packageName: string;
  maxVersion: string;
  archName: string;
  /** The registered name is built into MAX: current nightlies refuse to override it. */
  nameIsBuiltIn: boolean;
  /** TODO(bringup) markers left in model.py as it is on disk. */
  todosLeft: number;
  rename: { suggestedName: string; configJsonChange: { path: string; from: string; to: string } } | null;
}
