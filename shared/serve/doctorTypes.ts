/**
 * What this machine offers the port (`bringup doctor`, the Environment section of the Serve panel):
 * every piece with where it was found, or why it was not. A missing piece is a finding, never an error.
 */

export type FoundWhere = 'flag' | 'setting' | 'virtualenv' | 'port-venv' | 'path' | 'python-bin';

export interface ToolFinding {
  /** Absolute path of what was used, or null when nothing was found. */
  path: string | null;
  version: string | null;
  /** How it was chosen: the flag given, the project setting, VIRTUAL_ENV, DIR/.venv, PATH, beside the Python. */
  source: FoundWhere | null;
  /** Why it is missing or unusable; null when found. */
  why: string | null;
  /** Every place looked at, in order, with what it gave. */
  tried: { path: string; source: FoundWhere; result: string }[];
}

export interface PackageFinding {
  name: 'modular' | 'max' | 'transformers' | 'torch';
  version: string | null;
  why: string | null;
}

export interface GpuInfo {
  index: number;
  name: string;
  memoryTotalBytes: number | null;
  memoryFreeBytes: number | null;
}

export interface DoctorReport {
  at: string;
  python: ToolFinding;
  max: ToolFinding;
  /** Versions from the Python for hooks (importlib.metadata), each with why it is missing. */
  packages: PackageFinding[];
  gpus: { found: boolean; source: string | null; why: string | null; devices: GpuInfo[] };
  /** The MAX version the code generator targets for this machine. */
  codegen: {
    detected: string | null;
    /** A version resources/kb/codegen/max-versions.json knows, or null. */
    target: string | null;
    known: boolean;
    why: string;
  };
}
