/**
 * Writes a generated package into a project folder without ever losing a user's edit:
 * .bringup/generated/<package>/<file> keeps the last generated version; an untouched file is
 * replaced, an edited one is three-way merged, and a conflict leaves the user's file as it is with
 * the new version written beside it as <file>.new (and kept in .bringup/pending/ until resolved).
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { badInput, BringupError } from '../../../shared/errors';
import { emptyProject } from '../../../shared/project/schema';
import { isPythonIdentifier } from '../../../shared/codegen/identifiers';
import { merge3 } from '../../../shared/merge/merge3';
import { writeFileAtomic } from '../fs/atomicWrite';
import { BRINGUP_DIR, updateProjectFile } from './projectFile';
import type { ConflictVersions, PackageToWrite, WriteOptions, WriteReport } from './types';

export { BRINGUP_DIR, readProjectFile } from './projectFile';
const SAFE_FILE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export async function writeProjectPackage(projectDir: string, pkg: PackageToWrite, options: WriteOptions): Promise<WriteReport> {
  checkPackage(pkg);
  const packageDir = join(projectDir, pkg.packageName);
  const report: WriteReport = { packageDir, written: [], merged: [], skipped: [], conflicts: [] };
  for (const file of pkg.files) {
    const rel = `${pkg.packageName}/${file.path}`;
    const target = join(packageDir, file.path);
    const basePath = generatedCopy(projectDir, pkg.packageName, file.path);
    const [ours, base] = await Promise.all([readIfExists(target), readIfExists(basePath)]);
    const theirs = file.content;
    let outcome: 'write' | 'merged' | 'skip' | 'conflict';
    let content = theirs;
    let conflictLines: number[] = [];
    if (ours === null || options.force || ours === base) outcome = ours === theirs ? 'skip' : 'write';
    else if (ours === theirs || base === theirs) outcome = 'skip';
    else if (base === null) {
      outcome = 'conflict'; // a file we did not generate: never overwrite it
      conflictLines = [1];
    } else {
      const merged = merge3(base, ours, theirs);
      if (merged.clean) {
        outcome = 'merged';
        content = merged.text;
      } else {
        outcome = 'conflict';
        conflictLines = merged.conflicts.map((c) => c.startLine);
      }
    }
    if (outcome === 'conflict') {
      await writeFileAtomic(`${target}.new`, theirs);
      await writeFileAtomic(pendingCopy(projectDir, pkg.packageName, file.path), theirs);
      report.conflicts.push({ path: rel, newPath: `${rel}.new`, lines: conflictLines });
      continue;
    }
    if (outcome === 'skip') report.skipped.push(rel);
    else {
      await writeFileAtomic(target, content);
      report.written.push(rel);
      if (outcome === 'merged') report.merged.push(rel);
    }
    await writeFileAtomic(basePath, theirs);
    await clearPending(projectDir, pkg.packageName, file.path);
  }
  await writeProjectFile(projectDir, pkg, options);
  return report;
}

/** The three versions of a file in conflict, for the diff editor. */
export async function readConflict(projectDir: string, packageName: string, file: string): Promise<ConflictVersions> {
  checkName(packageName, file);
  const theirs = await readIfExists(pendingCopy(projectDir, packageName, file));
  if (theirs === null) throw new BringupError('not-found', `${packageName}/${file}: no conflict is pending`);
  const ours = (await readIfExists(join(projectDir, packageName, file))) ?? '';
  const base = (await readIfExists(generatedCopy(projectDir, packageName, file))) ?? '';
  return { path: `${packageName}/${file}`, base, ours, theirs };
}

/**
 * Accepts the user's resolution: the file becomes `content`, the pending generated version becomes
 * the new base (so the next regeneration merges against it), and <file>.new is removed.
 */
export async function resolveConflict(projectDir: string, packageName: string, file: string, content: string): Promise<void> {
  const { theirs } = await readConflict(projectDir, packageName, file);
  await writeFileAtomic(join(projectDir, packageName, file), content);
  await writeFileAtomic(generatedCopy(projectDir, packageName, file), theirs);
  await rm(pendingCopy(projectDir, packageName, file), { force: true });
  await rm(join(projectDir, packageName, `${file}.new`), { force: true });
}

async function writeProjectFile(projectDir: string, pkg: PackageToWrite, options: WriteOptions): Promise<void> {
  const now = (options.now ?? (() => new Date()))();
  await updateProjectFile(projectDir, (existing) => {
    const current = existing ?? emptyProject(options.checkpoint, now);
    const settings = { ...current.settings, ...definedOnly(options.settings ?? {}) };
    return {
      ...current,
      checkpoint: options.checkpoint,
      maxVersion: pkg.maxVersion,
      packageName: pkg.packageName,
      archName: pkg.archName ?? settings.archName ?? current.archName,
      settings,
      files: pkg.files.map((f) => f.path),
      updatedAt: now.toISOString(),
    };
  });
}

const definedOnly = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** A conflict that regeneration settled (forced, or now clean): drop its pending copy and our .new. */
async function clearPending(projectDir: string, packageName: string, file: string): Promise<void> {
  const pending = pendingCopy(projectDir, packageName, file);
  if ((await readIfExists(pending)) === null) return;
  await rm(join(projectDir, packageName, `${file}.new`), { force: true });
  await rm(pending, { force: true });
}

const generatedCopy = (projectDir: string, packageName: string, file: string) => join(projectDir, BRINGUP_DIR, 'generated', packageName, file);
const pendingCopy = (projectDir: string, packageName: string, file: string) => join(projectDir, BRINGUP_DIR, 'pending', packageName, file);

function checkPackage(pkg: PackageToWrite): void {
  for (const file of pkg.files) checkName(pkg.packageName, file.path);
}

/** Package and file names come from the generator, but are checked before touching the disk. */
function checkName(packageName: string, file: string): void {
  if (!isPythonIdentifier(packageName)) throw badInput(`package name ${JSON.stringify(packageName)} is not a Python identifier`);
  if (!SAFE_FILE.test(file) || file.includes('..')) throw badInput(`${JSON.stringify(file)} is not a plain file name`);
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw badInput(`${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
