import type { CacheReport, FoundCheckpoint } from '../cache/types';
import type { HubModelInfo, HubReadme, SearchResult, TokenStatus } from '../hub/types';
import type { ConflictVersions, FolderInfo, PortStatus, PortView, ProjectWriteResult, RecentPort, ReportResult } from '../project/types';
import type { Hook, ProjectSettings, RunRecord } from '../project/schema';
import type { DoctorReport } from '../serve/doctorTypes';
import type { RunStatus, ServePlan, SmokeResult } from '../serve/types';
import type { LogitsCompareResult, LogitsScriptsReport, LogitsTokens } from '../logits/serviceTypes';
import type { ProbeResult } from '../logits/probe';
import type { Settings } from '../settings/types';
import type { WeightsReport } from '../weights/types';
import type { MethodArgs, MethodName, ServiceName, EventName, EventPayload } from './contract';

export interface AppInfo {
  version: string;
  face: 'desktop' | 'browser' | 'cli';
  platform: string;
  /** A SOURCE to open at start (`--open PATH`), or null. */
  openOnStart: string | null;
  /** Whether pickFolder shows a native dialog (desktop) or the UI must ask for a path. */
  nativeDialogs: boolean;
}

export interface ExampleEntry {
  id: string;
  repoId: string;
  title: string;
  summary: string;
  source: Record<string, string>;
}

export interface CheckpointFile {
  path: string;
  size: number;
}

/** An opened checkpoint: enough to analyse it (config.json text) and to list its files. */
export interface OpenedCheckpoint {
  /** The SOURCE as given (path, repo id, or example:<id>). */
  source: string;
  label: string;
  kind: 'local' | 'cache' | 'hub' | 'example' | 'dropped';
  dir: string | null;
  repoId: string | null;
  revision: string | null;
  files: CheckpointFile[];
  /** config.json as text (analysed in the renderer as the user edits), or null when absent. */
  configText: string | null;
  configPath: string;
}

export interface HubStatus {
  hubUrl: string;
  offline: boolean;
  /** Why the app is offline: the HF_HUB_OFFLINE variable, or the setting. */
  offlineReason: 'env' | 'setting' | null;
}

/** Return types of every contract method. */
export interface ServiceReturns {
  app: { info: AppInfo; listExamples: ExampleEntry[]; pickFolder: string | null };
  checkpoint: { open: OpenedCheckpoint; openExample: OpenedCheckpoint };
  weights: { inspect: WeightsReport };
  cache: { scan: CacheReport; findCheckpoints: FoundCheckpoint[] };
  hub: {
    status: HubStatus;
    search: SearchResult;
    modelInfo: HubModelInfo;
    readme: HubReadme;
    readWeightHeaders: WeightsReport;
    download: { id: string };
    cancelDownload: void;
    tokenStatus: TokenStatus;
    setToken: TokenStatus;
    clearToken: TokenStatus;
  };
  project: {
    write: ProjectWriteResult; readConflict: ConflictVersions; resolveConflict: PortView;
    open: PortView; status: PortStatus; describeFolder: FolderInfo; acknowledge: PortStatus; unacknowledge: PortStatus;
    exportReport: ReportResult; recent: RecentPort[]; forgetRecent: RecentPort[];
  };
  settings: { get: Settings; update: Settings };
  serve: {
    prepare: ServePlan;
    start: RunStatus;
    stop: RunStatus;
    status: RunStatus & { tail: { text: string; seq: number; truncated: boolean } };
    runs: { active: RunStatus[]; history: RunRecord[] };
    smoke: SmokeResult;
    readLog: { text: string; truncated: boolean; path: string };
    readPortFile: { path: string; text: string };
    settings: ProjectSettings;
  };
  hooks: {
    list: { hooks: Hook[]; presets: HookPresetView[]; placeholders: Record<string, string> };
    save: Hook[];
    remove: Hook[];
    run: RunStatus;
  };
  doctor: { check: DoctorReport };
  logits: { compare: LogitsCompareResult; tokens: LogitsTokens; writeScripts: LogitsScriptsReport; probe: ProbeResult };
}

/** A preset as the hooks editor offers it: its argument array built for this port. */
export interface HookPresetView {
  id: string;
  title: string;
  description: string;
  kind: 'server' | 'command';
  argv: string[];
}

/** The typed API every face implements or consumes. */
export type BringupApi = {
  [S in ServiceName]: {
    [M in MethodName<S>]: (...args: Extract<MethodArgs<S, M>, unknown[]>) => Promise<ServiceReturns[S][M & keyof ServiceReturns[S]]>;
  };
};

export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;
