/**
 * Writing a port, the one path `bringup generate` and the app's Write share: the port's config
 * (the user's edits kept), the package under its registered name (a built-in architectures[0] gets
 * a unique one by default), the serve folder, project.json, then the evidence gathered again.
 * Everything happens under the port's lock, each file written atomically.
 */
import { join } from 'node:path';
import type { GeneratedPackageResult } from '../../../shared/codegen/generatePackage';
import { analyzeForPort } from '../../../shared/config/analyzeForPort';
import type { Diagnostic } from '../../../shared/config/types';
import { badInput } from '../../../shared/errors';
import { merge3 } from '../../../shared/merge/merge3';
import { DEFAULT_MAX_VERSION, isBuiltinName } from '../../../shared/codegen/knowledge';
import { needsServeFolder } from '../../../shared/project/configEdits';
import { refusesOverride, registeredNameOf } from '../../../shared/project/registeredName';
import type { ProjectCheckpoint, ProjectFile } from '../../../shared/project/schema';
import type { ProjectWriteResult, ServeFolderResult } from '../../../shared/project/types';
import { writeFileAtomic } from '../fs/atomicWrite';
import type { SourceReader } from '../source/types';
import { gatherEvidence, portStatus, type EvidenceDeps } from './evidence';
import { generateForCheckpoint, weightsFormatOf } from './generateForCheckpoint';
import { writeLogitsScripts } from '../logits/writeScripts';
import { BRINGUP_DIR, readProjectFile, sha256Text, updateProjectFile, withPortLock } from './projectFile';
import { readIfExists, writeProjectPackage } from './projectWriter';
import { removeServeFolder, SERVE_FOLDER, writeServeFolder } from './serveFolder';

export interface WritePortRequest {
  /** Absolute port folder. */
  dir: string;
  checkpoint: ProjectCheckpoint;
  /** The checkpoint's files, read for weights and config (null: a dropped config.json, nothing else). */
  reader: SourceReader | null;
  token?: string;
  /** The config to port, as the app's editor holds it. Absent (the CLI): the port's own copy when DIR is a port of this checkpoint, else the checkpoint's. */
  configText?: string;
  /** The checkpoint's file list (weights format, quantize_config.json ...). */
  files: string[];
  archName?: string;
  baselineFolder?: string;
  maxVersion?: string;
  force?: boolean;
  /** Test hook for the serve folder. */
  refuseLinks?: boolean;
}

export const portConfigPath = (dir: string) => join(dir, BRINGUP_DIR, 'config.json');
const sourceConfigPath = (dir: string) => join(dir, BRINGUP_DIR, 'source-config.json');

export async function writePort(request: WritePortRequest, deps: EvidenceDeps): Promise<ProjectWriteResult & { pkg: GeneratedPackageResult }> {
  const { dir } = request;
  const result = await withPortLock(dir, async () => {
    const existing = await readProjectFile(dir);
    if (existing && !sameCheckpoint(existing.checkpoint, request.checkpoint) && !request.force) {
      throw badInput(`${dir} is the port of ${existing.checkpoint.dir ?? existing.checkpoint.source}, not of ${request.checkpoint.dir ?? request.checkpoint.source}: choose another folder (or --force to point it at this checkpoint)`);
    }
    const warnings: Diagnostic[] = [];
    const checkpointConfig = request.reader ? await request.reader.readText('config.json') : null;
    const configText = await chooseConfig(dir, existing, request, checkpointConfig, warnings);
    const label = request.configText !== undefined ? 'config.json (as edited)' : `${request.reader?.source.label.replace(/\/$/, '') ?? dir}/config.json`;
    // A broken config.json is refused here, naming the file and line:column, before anything is written.
    const { config, analysis } = analyzeForPort(configText, label, { source: request.checkpoint.source, files: request.files });
    const maxVersion = request.maxVersion ?? (existing?.maxVersion || undefined);
    const pkg = await generateForCheckpoint(request.reader, request.token, {
      analysis,
      config,
      archName: request.archName ?? existing?.settings.archName ?? keptName(existing?.archName ?? null, maxVersion ?? DEFAULT_MAX_VERSION),
      baselineFolder: request.baselineFolder ?? existing?.settings.baselineFolder,
      maxVersion,
      weightsFormat: weightsFormatOf(request.files),
      repoId: request.checkpoint.repoId,
    });
    const archName = registeredNameOf(pkg);
    if (pkg.rename && archName === pkg.rename.suggestedName) {
      warnings.push({ severity: 'info', code: 'port-unique-name', path: 'architectures', message: `${pkg.rename.configJsonChange.from} is built into MAX, which refuses to override it: registered as ${archName}, and ${SERVE_FOLDER}/config.json names it (your config.json keeps ${pkg.rename.configJsonChange.from})` });
    }

    await writeFileAtomic(portConfigPath(dir), configText);
    if (checkpointConfig !== null) await writeFileAtomic(sourceConfigPath(dir), checkpointConfig);
    const report = await writeProjectPackage(dir, { packageName: pkg.packageName, maxVersion: pkg.maxVersion, archName, files: pkg.files }, {
      force: request.force,
      checkpoint: request.checkpoint,
      settings: { archName: request.archName, baselineFolder: request.baselineFolder },
    });

    let serveFolder: ServeFolderResult | null = null;
    let record: ProjectFile['serveFolder'] = null;
    if (needsServeFolder(checkpointConfig, configText, archName) && (request.reader || request.checkpoint.repoId)) {
      const outcome = await writeServeFolder({
        projectDir: dir,
        checkpointDir: request.reader?.source.kind === 'hub' ? null : (request.reader?.source.dir ?? null),
        portConfigText: configText,
        registeredName: archName,
        lastConfigSha256: (existing?.serveFolder as { configSha256?: string } | null | undefined)?.configSha256 ?? null,
        force: request.force,
        refuseLinks: request.refuseLinks,
      });
      serveFolder = outcome.result;
      record = outcome.record;
      for (const message of outcome.warnings) warnings.push({ severity: 'warning', code: 'port-serve-folder', path: '', message });
    } else {
      const removed = existing?.servePath ? await removeServeFolder(dir) : [];
      if (removed.length) warnings.push({ severity: 'info', code: 'port-serve-folder-removed', path: '', message: `${SERVE_FOLDER}/ is no longer needed (the registered name is the checkpoint's and the config is unedited): removed` });
    }
    // The two logits scripts the Validate-logits hooks run (merged like the package, never overwritten).
    const logits = await writeLogitsScripts(dir, { force: request.force });
    for (const conflict of logits.conflicts) warnings.push({ severity: 'warning', code: 'port-logits-script-conflict', path: '', message: `${conflict.path}: your edits are kept; the new version is in ${conflict.newPath}` });
    await updateProjectFile(dir, (project) => ({
      ...project!,
      serveFolder: record,
      servePath: serveFolder?.path ? SERVE_FOLDER : null,
      sourceConfigSha256: checkpointConfig === null ? null : sha256Text(checkpointConfig),
    }));
    return { report, pkg, archName, serveFolder, warnings: [...pkg.warnings, ...warnings] };
  });
  const project = await gatherEvidence(dir, deps);
  return {
    ...result.report,
    dir,
    pkg: result.pkg,
    packageName: result.pkg.packageName,
    maxVersion: result.pkg.maxVersion,
    archName: result.archName,
    rename: result.pkg.rename,
    serveFolder: result.serveFolder,
    warnings: result.warnings,
    status: await portStatus(dir, project),
  };
}

/**
 * A port keeps the name it is registered under when regenerated without one (the package folder
 * stays put), unless that name is built into MAX and the target version refuses overrides.
 */
function keptName(name: string | null, maxVersion: string): string | undefined {
  if (!name) return undefined;
  return isBuiltinName(name) && refusesOverride(maxVersion) ? undefined : name;
}


/** The same checkpoint: by folder on this machine, else by repo, else by the SOURCE as given. */
function sameCheckpoint(a: ProjectCheckpoint, b: ProjectCheckpoint): boolean {
  if (a.dir && b.dir) return a.dir === b.dir;
  if (a.repoId && b.repoId) return a.repoId === b.repoId;
  return a.source === b.source;
}

/**
 * The config to port. The app sends the editor's text. The CLI takes the checkpoint's config.json,
 * unless DIR is already a port of it: then the port's copy (the user's edits), with any change the
 * checkpoint's own file made since merged in three ways (a conflict keeps the port's copy, said so).
 */
async function chooseConfig(dir: string, existing: ProjectFile | null, request: WritePortRequest, checkpointConfig: string | null, warnings: Diagnostic[]): Promise<string> {
  if (request.configText !== undefined) return request.configText;
  const own = existing ? await readIfExists(portConfigPath(dir)) : null;
  if (own === null) {
    if (checkpointConfig === null) throw badInput(`${request.reader?.source.label ?? request.checkpoint.source}: no config.json in this checkpoint`);
    return checkpointConfig;
  }
  if (checkpointConfig === null || own === checkpointConfig || existing?.sourceConfigSha256 === sha256Text(checkpointConfig)) return own;
  const base = await readIfExists(sourceConfigPath(dir));
  if (base !== null) {
    if (base === own) return checkpointConfig; // not edited: take the checkpoint's new file
    const merged = merge3(base, own, checkpointConfig);
    if (merged.clean) {
      warnings.push({ severity: 'info', code: 'port-config-merged', path: '', message: "the checkpoint's config.json changed since the port took it: merged with your edits in .bringup/config.json" });
      return merged.text;
    }
  }
  warnings.push({ severity: 'warning', code: 'port-config-kept', path: '', message: "the checkpoint's config.json changed since the port took it, and so did the port's copy: kept yours (.bringup/config.json); merge the checkpoint's changes by hand" });
  return own;
}
