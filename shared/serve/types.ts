/**
 * What a serve run is and says, shared by the runner service, the CLI's `bringup serve --json`
 * (CLI-CONTRACT.md "Running the port") and the Serve panel.
 */
import type { StepId } from '../checklist/steps';
import type { PackageFrame } from './traceback';
import type { FitReport } from './fit';

export type { PackageFrame } from './traceback';

/** A startup phase as it happened: `atMs` from the start of the process. */
export interface ServePhase {
  id: string;
  label: string;
  atMs: number;
  /** The log line that marked it. */
  line: string;
}

/** Why a run did not become ready (or died): the contract's `failure` object, plus what the UI links to. */
export interface ServeFailure {
  /** kebab-case: port-in-use, out-of-memory, arch-not-found, override-refused, import-failed, ... */
  code: string;
  step: StepId;
  /** The server's own line that shows it (or Bringup's, for a check made before starting). */
  line: string;
  hint: string;
  /** Named values from the line (`port`, `needed`, `free`, `encoding` ...). */
  figures?: Record<string, string>;
  /** The failing line inside the port's package, when a traceback reaches it. */
  packageFrame?: PackageFrame | null;
  /** The last error-looking lines of the output, for a failure no signature knows. */
  lastLines?: string[];
  /** Where the signature's text comes from in MAX's source. */
  source?: { repo?: string; path: string; line: number | null; symbol?: string };
  /** The process holding the port, for port-in-use. */
  holder?: PortHolder | null;
  /** Another port that is free now, for port-in-use. */
  freePort?: number | null;
}

/** A MAX warning worth showing that does not fail the run (max_length truncated, KV cache short ...). */
export interface ServeNotice {
  code: string;
  line: string;
  hint: string;
  figures?: Record<string, string>;
}

export interface PortHolder {
  pid: number | null;
  /** The process name (`/proc/<pid>/comm`), or null when another user's process cannot be read. */
  name: string | null;
  command?: string | null;
}

export interface PortCheck {
  port: number;
  free: boolean;
  holder: PortHolder | null;
}

export interface SmokeResult {
  ok: boolean;
  api: 'chat' | 'completions';
  prompt: string;
  text: string;
  ttftMs: number | null;
  /** Decode rate: (tokens - 1) / (last token - first token), null with fewer than two tokens. */
  tokensPerSecond: number | null;
  completionTokens: number;
  /** Set when it failed: the HTTP status and MAX's error message. */
  error?: string | null;
  status?: number | null;
}

export type RunState = 'starting' | 'loading' | 'ready' | 'failed' | 'stopping' | 'exited';

/** The live state of one run, as the service keeps it and the UI shows it. */
export interface RunStatus {
  runId: string;
  dir: string;
  hook: string;
  argv: string[];
  state: RunState;
  pid: number | null;
  startedAt: string;
  endedAt: string | null;
  exitCode: number | null;
  signal: string | null;
  httpPort: number | null;
  url: string | null;
  ready: boolean;
  readyAfterMs: number | null;
  health: number | null;
  servedModel: string | null;
  phases: ServePhase[];
  failure: ServeFailure | null;
  notices: ServeNotice[];
  smoke: SmokeResult | null;
  /** The log file, absolute. */
  log: string;
  /** Whether the run is a server (readiness, smoke) or a one-shot hook. */
  kind: 'server' | 'command';
  /** How the run ended when Bringup stopped it: the signal that finally ended the group, and how long it took. */
  stop?: { requestedAt: string; signal: string | null; tookMs: number } | null;
}

/** `bringup serve --json`: the contract's object, field for field, plus what was added. */
export interface ServeCliResult {
  port: string;
  argv: string[];
  pid: number | null;
  httpPort: number | null;
  ready: boolean;
  readyAfterMs: number | null;
  url: string | null;
  health: number | null;
  servedModel: string | null;
  smoke: SmokeResult | null;
  failure: ServeFailure | null;
  log: string;
  exitCode: number | null;
  runId: string;
  phases: ServePhase[];
  notices: ServeNotice[];
  versions: { max: string | null; bringup: string };
  fit: FitReport | null;
}

/** What starting the port's server would do, before it is started (the Serve panel's header, `bringup serve`). */
export interface ServePlan {
  dir: string;
  packageDir: string;
  servePath: string | null;
  archName: string | null;
  encoding: string | null;
  smokeApi: 'chat' | 'completions';
  /** The hook as stored (placeholders) and as it would run, or why it cannot. */
  hook: { id: string; title: string; argv: string[]; preset?: string; edited?: boolean };
  argv: string[] | null;
  argvError: string | null;
  maxBin: string | null;
  httpPort: number;
  portCheck: PortCheck;
  /** A free port to offer when httpPort is taken. */
  freePort: number | null;
  /** MAX's metrics port: taken by another process, the run moves it (MAX_SERVE_METRICS_ENDPOINT_PORT). */
  metrics: { port: number; check: PortCheck; movedTo: number | null };
  fit: FitReport;
  /** A run of this port's server that is still going. */
  active: RunStatus | null;
  notes: string[];
}
