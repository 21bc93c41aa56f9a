/**
 * What running a hook for a port needs to know, read from the port folder as it is on disk: the
 * config MAX will be served (the serve folder's config.json), its analysis, the package's registered
 * name and default encoding (arch.py, as MAX will import it), the encoding and max_length to use, the
 * tokenizer's chat template (chat or completions for the smoke request), and every placeholder value.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeForPort } from '../../../shared/config/analyzeForPort';
import type { ConfigAnalysis } from '../../../shared/config/types';
import type { PlaceholderValues } from '../../../shared/hooks/placeholders';
import type { PresetContext } from '../../../shared/hooks/presets';
import { smokeApiFor, type SmokeApi } from '../../../shared/serve/smoke';
import { which } from '../doctor/doctor';
import type { OpenedPort } from '../project/port';

export interface PortContext {
  port: OpenedPort;
  /** The config.json MAX gets (the serve folder's), its path, and its analysis; null when unreadable. */
  configPath: string | null;
  config: Record<string, unknown> | null;
  analysis: ConfigAnalysis | null;
  /** SupportedArchitecture.name in arch.py, else the project's, else architectures[0]. */
  archName: string | null;
  /** `default_encoding` in arch.py. */
  packageEncoding: string | null;
  encoding: string | null;
  maxLength: number | null;
  smokeApi: SmokeApi;
  preset: PresetContext;
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return null;
  }
}

export async function readPortContext(port: OpenedPort): Promise<PortContext> {
  const serveDir = port.servePath && existsSync(port.servePath) ? port.servePath : null;
  const candidates = [serveDir && join(serveDir, 'config.json'), port.generatedConfigPath, port.checkpointDir && join(port.checkpointDir, 'config.json')].filter((p): p is string => !!p);
  let configPath: string | null = null;
  let config: Record<string, unknown> | null = null;
  let analysis: ConfigAnalysis | null = null;
  for (const path of candidates) {
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) continue;
    try {
      ({ config, analysis } = analyzeForPort(text, path));
      configPath = path;
      break;
    } catch {
      continue;
    }
  }
  const archPy = (await readFile(join(port.packageDir, 'arch.py'), 'utf8').catch(() => '')) ?? '';
  const archName = /\bname\s*=\s*"([^"]+)"/.exec(archPy)?.[1] ?? port.project.archName ?? analysis?.architecture ?? null;
  const packageEncoding = /\bdefault_encoding\s*=\s*"([^"]+)"/.exec(archPy)?.[1] ?? null;
  const settings = port.project.settings;
  // Weight files the serve folder could not link (no symlinks here), then any the user added.
  const weightPaths = [...new Set([...(port.project.serveFolder?.weightPaths ?? []), ...(settings.weightPaths ?? [])])];
  const encoding = settings.encoding ?? packageEncoding ?? (analysis?.dtype && ['float32', 'float16', 'bfloat16'].includes(analysis.dtype) ? analysis.dtype : null);
  const maxLength = settings.maxLength ?? analysis?.dimensions.max_position_embeddings ?? null;
  const tokenizerDir = serveDir ?? port.checkpointDir;
  const files = tokenizerDir ? await readdir(tokenizerDir).catch(() => [] as string[]) : [];
  const tokenizerConfig = tokenizerDir ? await readJson(join(tokenizerDir, 'tokenizer_config.json')) : null;
  return {
    port,
    configPath,
    config,
    analysis,
    archName,
    packageEncoding,
    encoding,
    maxLength,
    smokeApi: smokeApiFor(tokenizerConfig, files),
    preset: {
      trustRemoteCode: !!config && Object.hasOwn(config, 'auto_map'),
      encodingKnown: encoding !== null,
      weightPaths,
      extraFlags: settings.serveFlags ?? [],
    },
  };
}

export interface ResolvedTools {
  maxBin: string | null;
  python: string | null;
}

/** `max` and the Python for hooks, located (not run): the given path, the project setting, a virtualenv, PATH. */
export async function locateTools(context: PortContext, env: Record<string, string | undefined>, override: { maxBin?: string | null; python?: string | null } = {}): Promise<ResolvedTools & { maxWanted: string }> {
  const settings = context.port.project.settings;
  const maxWanted = override.maxBin ?? settings.maxBin ?? 'max';
  const pythonCandidates = [override.python, settings.python, env.VIRTUAL_ENV && join(env.VIRTUAL_ENV, 'bin', 'python'), join(context.port.dir, '.venv', 'bin', 'python'), 'python3', 'python'].filter((p): p is string => !!p);
  let python: string | null = null;
  for (const candidate of pythonCandidates) if ((python = await which(candidate, env, context.port.dir))) break;
  let maxBin = await which(maxWanted, env, context.port.dir);
  // A virtualenv's `max` sits beside its python.
  if (!maxBin && !override.maxBin && !settings.maxBin && python) maxBin = await which(join(python, '..', 'max'), env);
  return { maxBin, python, maxWanted };
}

/** Every placeholder's value for one run (a missing one says why, and only a hook using it fails). */
export function placeholderValues(context: PortContext, tools: ResolvedTools & { maxWanted: string }, run: { httpPort: number | null; runDir: string }): PlaceholderValues {
  const { port } = context;
  const missing = (why: string) => ({ missing: why });
  return {
    maxBin: tools.maxBin ?? missing(`${tools.maxWanted} not found (set the max executable in the Serve panel or pass --max PATH)`),
    python: tools.python ?? missing('no Python found (set it in the Environment section, or --python PATH)'),
    portDir: port.dir,
    package: port.packageDir.replace(/[\\/]+$/, ''),
    packageName: port.project.packageName,
    archName: context.archName ?? missing('the package has no registered name yet (write the package)'),
    servePath: port.servePath ?? missing('the port has no serve folder and no local checkpoint'),
    checkpoint: port.checkpointDir ?? port.project.checkpoint.repoId ?? missing('the checkpoint is neither a local folder nor a repo id'),
    port: run.httpPort !== null ? String(run.httpPort) : missing('no HTTP port for this run'),
    encoding: context.encoding ?? missing("no encoding known: set the port's encoding"),
    maxLength: context.maxLength !== null ? String(context.maxLength) : missing('no max_position_embeddings in the config and no max length set'),
    runDir: run.runDir,
  };
}
