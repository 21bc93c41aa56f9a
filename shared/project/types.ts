/** A port project on disk: the package folder plus .bringup/ (DESIGN.md "A port project on disk"). */
import type { OpenedCheckpoint } from '../api/types';
import type { Finding } from '../checklist/findings';
import type { StepId, StepState } from '../checklist/steps';
import type { Diagnostic } from '../config/types';
import type { Acknowledgement, Evidence, ProjectCheckpoint, ProjectFile, ProjectSettings, ServeFolder, WriteOutcome } from './schema';

export type { Acknowledgement, Evidence, Hook, LastWrite, ProjectCheckpoint, ProjectFile, ProjectSettings, RunRecord, ServeFolder, WriteOutcome } from './schema';

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
  /** Fields the caller sets on project.json in the same atomic write (serve folder, config hash ...). */
  project?: Partial<Pick<ProjectFile, 'serveFolder' | 'servePath' | 'sourceConfigSha256'>>;
  /** Clock for updatedAt (tests). */
  now?: () => Date;
}

export interface FileConflict {
  /** Package file, relative to the project folder (e.g. "llama_port/model_config.py"). */
  path: string;
  /** Where the newly generated version waits, relative to the project folder (`.bringup/pending/...`): never inside the package. */
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
  /** The package folder this write renamed (the registered name changed), with the user's edits carried over. */
  renamedFrom: string | null;
  /** Files of the user's own the rename moved into the new package folder (never dropped). */
  carried: string[];
  /** Old `<file>.new` conflict copies moved out of the package into .bringup/pending/. */
  migrated: string[];
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

/** "Write the port" from the UI: the config text as edited, and where to write. */
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

/** The serve folder after a write: where it is and how it reaches the checkpoint's files. */
export interface ServeFolderResult extends ServeFolder {
  /** Absolute `DIR/checkpoint`, or null when none was made (Hub-only source). */
  path: string | null;
  linked: number;
  copied: number;
  /** Files of an earlier serve folder that are gone from the checkpoint (removed). */
  removed: string[];
}

export interface ProjectWriteResult extends WriteReport {
  dir: string;
  packageName: string;
  maxVersion: string;
  /** The registered name (arch.py). */
  archName: string;
  /** Set when architectures[0] is built into MAX: the unique name used (or suggested, with --name given). */
  rename: { suggestedName: string; configJsonChange: { path: string; from: string; to: string } } | null;
  /** Null when no serve folder is needed (same name, config unedited): serve gets the checkpoint itself. */
  serveFolder: ServeFolderResult | null;
  warnings: Diagnostic[];
  /** The checklist after the write. */
  status: PortStatus;
}

/** One step of `bringup status --json` (CLI-CONTRACT.md), with what the app shows beside it. */
export interface PortStep {
  id: StepId;
  title: string;
  state: StepState;
  /** A few whole words for the rail. */
  summary: string;
  detail: string;
  evidence: Evidence | null;
  findings: Array<Finding & { acknowledged?: Acknowledgement }>;
  /** Inputs changed since the evidence was recorded (when stale). */
  changed: string[];
}

/** `bringup status DIR --json` (CLI-CONTRACT.md). */
export interface PortStatus {
  port: string;
  package: string;
  archName: string | null;
  /** The checkpoint's folder on this machine, else its repo id. */
  checkpoint: string;
  servePath: string | null;
  maxVersion: string;
  steps: PortStep[];
}

export type PortFileState = 'unchanged' | 'edited' | 'merged' | 'conflict' | 'missing';

/** A package file as the Changes view shows it. */
export interface PortFileView {
  /** Inside the package folder, e.g. "model.py". */
  path: string;
  /** The file on disk, or null when it is missing. */
  content: string | null;
  /** The last generated version (.bringup/generated/), or null. */
  generated: string | null;
  /** unchanged: as generated; edited: the user changed it; merged: the last write merged their edits; conflict: a new version waits. */
  state: PortFileState;
  /** What the last write did to it. */
  lastWrite: WriteOutcome | null;
}

/** A port as the app opens it: everything to show it again as it was. */
export interface PortView {
  dir: string;
  project: ProjectFile;
  status: PortStatus;
  /** The port's config.json (.bringup/config.json: the checkpoint's, with the user's edits), or null. */
  configText: string | null;
  /** The checkpoint, opened as the checkpoint browser would (files, label); null when it is gone. */
  checkpoint: OpenedCheckpoint | null;
  /** Why the checkpoint could not be opened (moved, deleted, offline), or null. */
  checkpointError: string | null;
  files: PortFileView[];
}

/** What a folder the user typed would be, before anything is written. */
export interface FolderInfo {
  /** As typed. */
  given: string;
  /** Absolute, resolved against `base` when relative. */
  dir: string;
  /** The folder a relative path is resolved against (the user's home on the machine running Bringup). */
  base: string;
  exists: boolean;
  isPort: boolean;
  /** The checkpoint SOURCE of the port already there, or null. */
  portOf: string | null;
  packageName: string | null;
  /** One line when it cannot be used (a file, unreadable, a port of another checkpoint), else null. */
  problem: string | null;
}

/** A port on the start page. */
export interface RecentPort {
  dir: string;
  /** Null when the folder is no longer a readable port (`error` says why). */
  packageName: string | null;
  archName: string | null;
  source: string | null;
  updatedAt: string | null;
  /** Steps done, from the evidence recorded (not gathered again for the list). */
  done: number;
  total: number;
  error: string | null;
}

export interface AcknowledgeRequest {
  dir: string;
  step: StepId;
  finding: string;
  /** Why the finding is fine; required, shown wherever the finding is. */
  reason: string;
}

/** The exported report: both files, written into the port folder. */
export interface ReportResult {
  markdownPath: string;
  htmlPath: string;
  html: string;
  markdown: string;
}
