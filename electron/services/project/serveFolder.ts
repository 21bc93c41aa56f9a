/**
 * The serve folder, `DIR/checkpoint/` (CLI-CONTRACT.md "The port folder"): what `max serve
 * --model-path` gets when the registered name differs from the checkpoint's architectures[0] or the
 * user edited the config. It holds config.json (the port's config with the registered name) and a
 * symbolic link to every other top-level entry of the checkpoint (relative where possible). Where
 * the file system refuses links, small files are copied and the weights are recorded as the
 * `--weight-path` flags serve must add. A Hub-only source has nothing on disk to link to.
 *
 * Bringup owns this folder: entries that are no longer in the checkpoint are removed; its config.json
 * is rewritten on every write unless the user edited it by hand (then it is left, and said so).
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, readlink, rename, rm, rmdir, stat, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { serveConfigText } from '../../../shared/project/configEdits';
import type { ServeFolder } from '../../../shared/project/schema';
import type { ServeFolderResult } from '../../../shared/project/types';
import { syncDir, writeFileAtomic } from '../fs/atomicWrite';
import { sha256Text } from './projectFile';
import { readIfExists, sweepTemps } from './projectWriter';

export const SERVE_FOLDER = 'checkpoint';
/** Files a refused link turns into a copy (tokenizers, generation config, indexes): weights never. */
const COPY_LIMIT = 64 * 1024 * 1024;
const WEIGHT_FILE = /\.(safetensors|gguf|bin|pt|pth)$/i;

export interface ServeFolderInput {
  projectDir: string;
  /** The checkpoint's folder on this machine, or null (Hub only). */
  checkpointDir: string | null;
  portConfigText: string;
  registeredName: string;
  /** The serve folder's config.json as Bringup last wrote it (sha256), to tell a hand edit. */
  lastConfigSha256: string | null;
  force?: boolean;
  /** Test hook: pretend the file system refuses symbolic links. */
  refuseLinks?: boolean;
}

export interface ServeFolderOutcome {
  result: ServeFolderResult;
  record: ServeFolder & { configSha256: string | null };
  warnings: string[];
}

export async function writeServeFolder(input: ServeFolderInput): Promise<ServeFolderOutcome> {
  const folder = join(input.projectDir, SERVE_FOLDER);
  if (!input.checkpointDir) {
    await removeServeFolder(input.projectDir);
    const note = 'The checkpoint is only on the Hub: serve needs it downloaded (HF cache) before checkpoint/ can link its files.';
    return { result: { path: null, links: 'none', weightPaths: [], needsDownload: true, note, linked: 0, copied: 0, removed: [] }, record: { links: 'none', weightPaths: [], needsDownload: true, note, configSha256: null }, warnings: [note] };
  }
  await mkdir(folder, { recursive: true });
  await sweepTemps([folder]);
  const warnings: string[] = [];
  const config = serveConfigText(input.portConfigText, input.registeredName);
  const configPath = join(folder, 'config.json');
  const there = await readIfExists(configPath);
  let configSha256: string | null = sha256Text(config);
  if (there !== null && there !== config && input.lastConfigSha256 && sha256Text(there) !== input.lastConfigSha256 && !input.force) {
    warnings.push(`${configPath} was edited by hand: left as it is (edit the port's config instead, or write with --force)`);
    configSha256 = input.lastConfigSha256;
  } else if (there !== config) {
    await writeFileAtomic(configPath, config);
  }

  const entries = (await readdir(input.checkpointDir)).filter((name) => !name.startsWith('.') && name !== 'config.json').sort();
  let links: ServeFolder['links'] = 'symlink';
  let linked = 0;
  let copied = 0;
  const weightPaths: string[] = [];
  for (const name of entries) {
    const target = join(input.checkpointDir, name);
    const link = join(folder, name);
    if (links === 'symlink') {
      const made = await linkInto(link, target, input.refuseLinks === true);
      if (made) {
        linked++;
        continue;
      }
      links = 'copy';
      warnings.push(`symbolic links are refused in ${folder}: small files are copied, and serve gets the weights with --weight-path`);
    }
    const info = await stat(target).catch(() => null);
    if (!info) continue;
    if (info.isFile() && WEIGHT_FILE.test(name)) weightPaths.push(target);
    else if (info.isFile() && info.size <= COPY_LIMIT) {
      await copyAtomic(target, link);
      copied++;
    } else warnings.push(`${target} is not linked or copied into ${folder} (links refused; ${info.isDirectory() ? 'a folder' : 'too large to copy'})`);
  }
  if (links === 'copy') {
    // Links made before the refusal stay valid; the weights they point at are passed explicitly anyway.
    for (const name of entries.filter((n) => WEIGHT_FILE.test(n))) {
      const path = join(input.checkpointDir, name);
      if (!weightPaths.includes(path) && (await stat(path).then((s) => s.isFile(), () => false))) weightPaths.push(path);
    }
    weightPaths.sort();
  }
  const removed = await removeStale(folder, new Set([...entries, 'config.json']));
  await syncDir(folder);
  const note = links === 'symlink'
    ? `config.json names ${input.registeredName}; ${linked === 1 ? 'the 1 other entry links' : `the ${linked} other entries link`} to ${input.checkpointDir}`
    : `config.json names ${input.registeredName}; links were refused: ${copied} small file${copied === 1 ? '' : 's'} copied, ${weightPaths.length} weight file${weightPaths.length === 1 ? '' : 's'} passed with --weight-path`;
  const record = { links, weightPaths, needsDownload: false, note, configSha256 };
  return { result: { path: folder, links, weightPaths, needsDownload: false, note, linked, copied, removed }, record, warnings };
}

/** The serve folder goes when no longer needed (same name, unedited config): it is Bringup's, made from the port. */
export async function removeServeFolder(projectDir: string): Promise<string[]> {
  const folder = join(projectDir, SERVE_FOLDER);
  if (!(await lstat(folder).then((s) => s.isDirectory(), () => false))) return [];
  const removed = await removeStale(folder, new Set());
  await rmdir(folder).catch(() => undefined);
  return removed;
}

/**
 * A symbolic link at `link` to `target`, relative where the two share a root, swapped in
 * atomically (made beside it, then renamed over). False when the file system refuses links.
 */
async function linkInto(link: string, target: string, refuse: boolean): Promise<boolean> {
  const rel = relative(dirname(link), target);
  const value = isAbsolute(rel) ? target : rel;
  if ((await readlink(link).catch(() => null)) === value) return true;
  if (refuse) return false;
  const temp = join(dirname(link), `.${randomBytes(6).toString('hex')}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await symlink(value, temp, (await stat(target).then((s) => s.isDirectory(), () => false)) ? 'dir' : 'file');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EPERM' || code === 'EACCES' || code === 'ENOTSUP' || code === 'EINVAL' || code === 'ENOSYS') return false;
    throw err;
  }
  try {
    await rename(temp, link);
  } catch (err) {
    await rm(temp, { force: true });
    if (!['EISDIR', 'ENOTEMPTY', 'EEXIST', 'EPERM'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
    await rm(link, { recursive: true, force: true }); // an earlier copy-mode folder or file in the way
    await symlink(value, link);
  }
  return true;
}

/** A copy written atomically over whatever is there (a link from an earlier write is replaced, not written through). */
async function copyAtomic(from: string, to: string): Promise<void> {
  await writeFileAtomic(to, await readFile(from));
}

/** Entries of the serve folder that are not `keep`: links and Bringup's copies, removed; returns their names. */
async function removeStale(folder: string, keep: ReadonlySet<string>): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    if (keep.has(name)) continue;
    await rm(join(folder, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
