/**
 * The environment doctor: the Python for hooks, `max --version` and the MAX package version,
 * transformers and torch, and the GPUs (`nvidia-smi`). Every probe is an argument array with a timeout;
 * a missing or broken piece becomes a finding with its reason, never an exception.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { codegenTargetFor } from '../../../shared/serve/codegenTarget';
import type { DoctorReport, FoundWhere, GpuInfo, PackageFinding, ToolFinding } from '../../../shared/serve/doctorTypes';

export interface DoctorOptions {
  env: Record<string, string | undefined>;
  /** `--python PATH` or the UI's choice. */
  python?: string | null;
  /** `--max PATH`. */
  max?: string | null;
  /** The port folder (its .venv, its settings). */
  dir?: string | null;
  settings?: { python?: string; maxBin?: string };
  cwd?: string;
}

interface Probe {
  code: number | null;
  stdout: string;
  stderr: string;
  error: string | null;
}

export function probe(file: string, args: string[], env: Record<string, string | undefined>, timeoutMs: number): Promise<Probe> {
  return new Promise((resolvePromise) => {
    execFile(file, args, { env: env as NodeJS.ProcessEnv, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
      const error = !e ? null : e.killed ? `no answer within ${timeoutMs / 1000} s` : typeof e.code === 'string' ? (e.code === 'ENOENT' ? 'not found' : e.code === 'EACCES' ? 'not executable' : e.code) : null;
      resolvePromise({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, stdout: String(stdout), stderr: String(stderr), error });
    });
  });
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `name` on PATH (the first executable file), or null. A name with a slash is a path. */
export async function which(name: string, env: Record<string, string | undefined>, cwd = process.cwd()): Promise<string | null> {
  if (name.includes('/')) {
    const path = isAbsolute(name) ? name : resolve(cwd, name);
    return (await isExecutable(path)) ? path : null;
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const path = join(dir, name);
    if (await isExecutable(path)) return path;
  }
  return null;
}

const PYTHON_PROBE = [
  'import json, sys',
  'out = {"version": sys.version.split()[0], "executable": sys.executable, "packages": {}}',
  'try:',
  '    import importlib.metadata as md',
  'except Exception:',
  '    md = None',
  'for name in ("modular", "max", "transformers", "torch"):',
  '    try:',
  '        out["packages"][name] = md.version(name) if md else None',
  '    except Exception:',
  '        out["packages"][name] = None',
  'print(json.dumps(out))',
].join('\n');

interface PythonProbe {
  finding: ToolFinding;
  packages: Record<string, string | null> | null;
  executable: string | null;
}

async function findPython(options: DoctorOptions): Promise<PythonProbe> {
  const { env } = options;
  const cwd = options.cwd ?? process.cwd();
  const candidates: { path: string; source: FoundWhere }[] = [];
  if (options.python) candidates.push({ path: options.python, source: 'flag' });
  else {
    if (options.settings?.python) candidates.push({ path: options.settings.python, source: 'setting' });
    if (env.VIRTUAL_ENV) candidates.push({ path: join(env.VIRTUAL_ENV, 'bin', 'python'), source: 'virtualenv' });
    if (options.dir) candidates.push({ path: join(options.dir, '.venv', 'bin', 'python'), source: 'port-venv' });
    candidates.push({ path: 'python3', source: 'path' }, { path: 'python', source: 'path' });
  }
  const tried: ToolFinding['tried'] = [];
  for (const candidate of candidates) {
    const path = await which(candidate.path, env, cwd);
    if (!path) {
      tried.push({ ...candidate, result: candidate.source === 'path' ? 'not on PATH' : 'not found or not executable' });
      continue;
    }
    const run = await probe(path, ['-c', PYTHON_PROBE], env, 20_000);
    let parsed: { version: string; executable: string; packages: Record<string, string | null> } | null;
    try {
      parsed = run.code === 0 ? JSON.parse(run.stdout.trim().split('\n').pop() ?? '') : null;
    } catch {
      parsed = null;
    }
    if (!parsed) {
      tried.push({ path, source: candidate.source, result: run.error ?? `did not run as Python (exit ${run.code}): ${firstLine(run.stderr || run.stdout)}` });
      continue;
    }
    tried.push({ path, source: candidate.source, result: `Python ${parsed.version}` });
    return { finding: { path, version: parsed.version, source: candidate.source, why: null, tried }, packages: parsed.packages, executable: parsed.executable };
  }
  const why = options.python ? `${options.python}: ${tried[0]?.result ?? 'not found'}` : 'no Python found (no --python, no project setting, no VIRTUAL_ENV, no .venv in the port, none on PATH)';
  return { finding: { path: null, version: null, source: null, why, tried }, packages: null, executable: null };
}

async function findMax(options: DoctorOptions, python: PythonProbe): Promise<ToolFinding> {
  const { env } = options;
  const candidates: { path: string; source: FoundWhere }[] = [];
  if (options.max) candidates.push({ path: options.max, source: 'flag' });
  else {
    if (options.settings?.maxBin) candidates.push({ path: options.settings.maxBin, source: 'setting' });
    // A virtualenv's `max` sits beside its python (pip install modular).
    if (python.executable) candidates.push({ path: join(dirname(python.executable), 'max'), source: 'python-bin' });
    candidates.push({ path: 'max', source: 'path' });
  }
  const tried: ToolFinding['tried'] = [];
  for (const candidate of candidates) {
    const path = await which(candidate.path, env, options.cwd);
    if (!path) {
      tried.push({ ...candidate, result: candidate.source === 'path' ? 'not on PATH' : 'not found or not executable' });
      continue;
    }
    // `max --version` prints `MAX <version>` (max/python/max/_entrypoints/pipelines.py::print_version).
    const run = await probe(path, ['--version'], env, 60_000);
    const version = /^MAX\s+(\S+)/m.exec(run.stdout)?.[1] ?? null;
    if (!version) {
      tried.push({ path, source: candidate.source, result: run.error ?? `\`max --version\` did not print "MAX <version>" (exit ${run.code}): ${firstLine(run.stderr || run.stdout)}` });
      continue;
    }
    tried.push({ path, source: candidate.source, result: `MAX ${version}` });
    return { path, version, source: candidate.source, why: null, tried };
  }
  const why = options.max ? `${options.max}: ${tried[0]?.result ?? 'not found'}` : '`max` not found (no --max, no project setting, not beside the Python, not on PATH): install MAX (pip install modular) or give its path';
  return { path: null, version: null, source: null, why, tried };
}

function packagesOf(python: PythonProbe): PackageFinding[] {
  return (['modular', 'max', 'transformers', 'torch'] as const).map((name) => {
    if (!python.packages) return { name, version: null, why: 'no Python to ask' };
    const version = python.packages[name] ?? null;
    return { name, version, why: version ? null : `not installed in ${python.finding.path}` };
  });
}

const MIB = 1024 * 1024;

async function findGpus(env: Record<string, string | undefined>): Promise<DoctorReport['gpus']> {
  const smi = await which('nvidia-smi', env);
  if (!smi) return { found: false, source: null, why: 'nvidia-smi is not on PATH (no NVIDIA driver here, or another vendor\'s GPU: not checked)', devices: [] };
  const run = await probe(smi, ['--query-gpu=name,memory.total,memory.free', '--format=csv,noheader,nounits'], env, 20_000);
  if (run.code !== 0) return { found: false, source: smi, why: `nvidia-smi failed: ${run.error ?? firstLine(run.stdout || run.stderr)}`, devices: [] };
  const devices: GpuInfo[] = run.stdout.split('\n').map((l) => l.trim()).filter(Boolean).map((line, index) => {
    const [name, total, free] = line.split(',').map((s) => s.trim());
    const mib = (s: string | undefined) => (s && /^\d+(\.\d+)?$/.test(s) ? Math.round(Number(s) * MIB) : null);
    return { index, name: name ?? 'unknown GPU', memoryTotalBytes: mib(total), memoryFreeBytes: mib(free) };
  });
  return devices.length ? { found: true, source: smi, why: null, devices } : { found: false, source: smi, why: 'nvidia-smi lists no GPU', devices };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 300) || 'no output';
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const [python, gpus] = await Promise.all([findPython(options), findGpus(options.env)]);
  const max = await findMax(options, python);
  return { at: new Date().toISOString(), python: python.finding, max, packages: packagesOf(python), gpus, codegen: codegenTargetFor(max.version) };
}

/** Only the GPUs (what "will it fit" needs before a start), without probing Python and MAX. */
export const gpusOnly = findGpus;
