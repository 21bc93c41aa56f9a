/**
 * A port folder opened for work: its project file and the paths every step, serve and the logits
 * scripts use, resolved once (CLI-CONTRACT.md "The port folder").
 */
import { isAbsolute, join, resolve } from 'node:path';
import type { ProjectFile } from '../../../shared/project/schema';
import { BRINGUP_DIR, requireProjectFile } from './projectFile';

export interface OpenedPort {
  /** Absolute port folder. */
  dir: string;
  project: ProjectFile;
  /** Absolute `DIR/<package>` (what `--custom-architectures` gets). */
  packageDir: string;
  /** The checkpoint's own folder on this machine (local or HF cache), or null for a Hub-only source. */
  checkpointDir: string | null;
  /**
   * What `max serve --model-path` gets: `DIR/checkpoint` when Bringup made the serve folder, else the
   * checkpoint's folder, else its repo id (MAX then downloads it).
   */
  servePath: string | null;
  /** config.json as the package was generated from it (the user's edits included). */
  generatedConfigPath: string;
}

export async function openPort(dir: string, cwd = process.cwd()): Promise<OpenedPort> {
  const abs = isAbsolute(dir) ? dir : resolve(cwd, dir);
  const project = await requireProjectFile(abs);
  const checkpointDir = project.checkpoint.dir ?? null;
  const servePath = project.servePath ? join(abs, project.servePath) : checkpointDir ?? project.checkpoint.repoId ?? null;
  return {
    dir: abs,
    project,
    packageDir: join(abs, project.packageName),
    checkpointDir,
    servePath,
    generatedConfigPath: join(abs, BRINGUP_DIR, 'config.json'),
  };
}

/**
 * The files a run of the port depends on (CLI-CONTRACT.md `status`: "every package file and the
 * config.json files, the checkpoint's and the serve folder's"): evidence records their sha256, and a
 * step turns stale when one changes.
 */
export function portInputPaths(port: OpenedPort): string[] {
  const paths = port.project.files.map((file) => join(port.packageDir, file));
  if (port.checkpointDir) paths.push(join(port.checkpointDir, 'config.json'));
  if (port.project.servePath) paths.push(join(port.dir, port.project.servePath, 'config.json'));
  return paths;
}
