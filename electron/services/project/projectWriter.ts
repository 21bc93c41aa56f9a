/**
 * Writes a generated package into a port folder without ever losing a user's edit:
 * .bringup/generated/<package>/<file> keeps the last generated version; an untouched file is
 * replaced, an edited one is three-way merged, and a conflict leaves the user's file as it is with
 * the new version waiting in .bringup/pending/<package>/<file> (never inside the importable package).
 *
 * A changed registered name renames the package folder: each file of the old folder goes through
 * the same merge into the new one (the user's edits carried, the new names taken), files of the
 * user's own move along, and the old folder goes only after project.json names the new one.
 *
 * Crash safety: the whole write holds the port's lock; every file is written atomically; a journal
 * (.bringup/write.json) names the generated content before any file is touched, so a write killed
 * between a package file and its generated copy is recognised next time (no false conflict), and a
 * rename killed half-way is finished or redone.
 */
import { lstat, readdir, readFile, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { badInput, BringupError } from '../../../shared/errors';
import { emptyProject, type LastWrite, type WriteOutcome } from '../../../shared/project/schema';
import { isPythonIdentifier } from '../../../shared/codegen/identifiers';
import { CONFLICT_MARKERS, merge3 } from '../../../shared/merge/merge3';
import { ATOMIC_TEMP, writeFileAtomic } from '../fs/atomicWrite';
import { BRINGUP_DIR, readProjectFile, sha256Text, updateProjectFile, withPortLock } from './projectFile';
import type { ConflictVersions, PackageToWrite, WriteOptions, WriteReport } from './types';

export { BRINGUP_DIR, readProjectFile } from './projectFile';
const SAFE_FILE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export const generatedCopy = (projectDir: string, packageName: string, file: string) => join(projectDir, BRINGUP_DIR, 'generated', packageName, file);
export const pendingCopy = (projectDir: string, packageName: string, file: string) => join(projectDir, BRINGUP_DIR, 'pending', packageName, file);
const journalPath = (projectDir: string) => join(projectDir, BRINGUP_DIR, 'write.json');

/** What a write is about to do, on disk before it does it. */
interface Journal {
  packageName: string;
  renamedFrom: string | null;
  /** sha256 of each file's newly generated content. */
  files: Record<string, string>;
  /**
   * What earlier writes, killed before they finished, may have left in place (package → file →
   * sha256s), carried from journal to journal until a write completes: a second kill must not make
   * the first one's files look like user edits.
   */
  written?: Record<string, Record<string, string[]>>;
}

/** Everything a journal says may be Bringup's own output in `packageName`, by file. */
function writtenBy(journal: Journal | null, packageName: string): Record<string, string[]> {
  if (!journal) return {};
  const out: Record<string, string[]> = Object.fromEntries(Object.entries(journal.written?.[packageName] ?? {}).map(([f, shas]) => [f, [...shas]]));
  if (journal.packageName === packageName) for (const [f, sha] of Object.entries(journal.files)) if (!(out[f] ??= []).includes(sha)) out[f].push(sha);
  return out;
}

/** The carried record for the next journal: everything the previous one knew, per package. */
function carriedWritten(journal: Journal | null): Journal['written'] {
  if (!journal) return {};
  const packages = new Set([...Object.keys(journal.written ?? {}), journal.packageName]);
  return Object.fromEntries([...packages].map((p) => [p, writtenBy(journal, p)]));
}

export async function writeProjectPackage(projectDir: string, pkg: PackageToWrite, options: WriteOptions): Promise<WriteReport> {
  checkPackage(pkg);
  return withPortLock(projectDir, async () => {
    const existing = await readProjectFile(projectDir);
    const previousJournal = await readJournal(projectDir);
    await recoverInterruptedRename(projectDir, existing?.packageName ?? null, pkg.packageName, previousJournal);
    const from = await renameSource(projectDir, existing?.packageName ?? null, pkg.packageName);
    const packageDir = join(projectDir, pkg.packageName);
    await sweepTemps([join(projectDir, BRINGUP_DIR), packageDir, join(projectDir, BRINGUP_DIR, 'generated', pkg.packageName), join(projectDir, BRINGUP_DIR, 'pending', pkg.packageName), ...(from ? [join(projectDir, from)] : [])]);
    const report: WriteReport = { packageDir, written: [], merged: [], skipped: [], conflicts: [], renamedFrom: from, carried: [], migrated: [] };
    report.migrated = await migrateStrayNew(projectDir, from ?? pkg.packageName);

    const journal: Journal = { packageName: pkg.packageName, renamedFrom: from, files: Object.fromEntries(pkg.files.map((f) => [f.path, sha256Text(f.content)])), written: carriedWritten(previousJournal) };
    // What interrupted writes already put in place in the package the files come from (their generated copies may lag behind).
    const wroteBefore = writtenBy(previousJournal, from ?? pkg.packageName);
    if (from) await refuseForeignTarget(packageDir, pkg, previousJournal);
    await writeFileAtomic(journalPath(projectDir), JSON.stringify(journal, null, 2) + '\n');

    const outcomes: Record<string, WriteOutcome> = {};
    const sourcePackage = from ?? pkg.packageName;
    for (const file of pkg.files) {
      const rel = `${pkg.packageName}/${file.path}`;
      const target = join(packageDir, file.path);
      const ours = await readIfExists(join(projectDir, sourcePackage, file.path));
      let base = await readIfExists(generatedCopy(projectDir, sourcePackage, file.path));
      if (ours !== null && wroteBefore[file.path]?.includes(sha256Text(ours))) base = ours; // written by a killed write, not edited
      const theirs = file.content;
      const decided = decide(ours, base, theirs, options.force === true);
      outcomes[file.path] = decided.outcome;
      if (decided.outcome === 'conflict') {
        await writeFileAtomic(pendingCopy(projectDir, pkg.packageName, file.path), theirs);
        if (from) {
          // The user's file and its base move with the package, so the conflict resolves in the new folder.
          await writeFileAtomic(target, ours!);
          if (base !== null) await writeFileAtomic(generatedCopy(projectDir, pkg.packageName, file.path), base);
        }
        report.conflicts.push({ path: rel, newPath: relative(projectDir, pendingCopy(projectDir, pkg.packageName, file.path)).split(sep).join('/'), lines: decided.lines });
        continue;
      }
      if (decided.outcome === 'unchanged' && !from) report.skipped.push(rel);
      else {
        await writeFileAtomic(target, decided.content);
        if (decided.outcome === 'unchanged') report.skipped.push(rel);
        else report.written.push(rel);
        if (decided.outcome === 'merged') report.merged.push(rel);
      }
      await writeFileAtomic(generatedCopy(projectDir, pkg.packageName, file.path), theirs);
      await rm(pendingCopy(projectDir, pkg.packageName, file.path), { force: true });
    }
    if (from) report.carried = await carryUserFiles(join(projectDir, from), packageDir, new Set(pkg.files.map((f) => f.path)));

    const lastWrite: LastWrite = { at: ((options.now ?? (() => new Date()))()).toISOString(), files: outcomes, renamedFrom: from };
    await writeProjectFile(projectDir, pkg, options, lastWrite);
    if (from) await removeOldPackage(projectDir, from);
    await rm(journalPath(projectDir), { force: true });
    return report;
  });
}

type Decision = { outcome: WriteOutcome; content: string; lines: number[] };

/** The merge rules: ours = the user's file, base = the last generated copy, theirs = the new generation. */
function decide(ours: string | null, base: string | null, theirs: string, force: boolean): Decision {
  if (ours === null) return { outcome: 'new', content: theirs, lines: [] };
  if (ours === theirs) return { outcome: 'unchanged', content: ours, lines: [] };
  if (force) return { outcome: ours === base ? 'updated' : 'forced', content: theirs, lines: [] };
  if (ours === base) return { outcome: 'updated', content: theirs, lines: [] };
  if (base === theirs) return { outcome: 'unchanged', content: ours, lines: [] }; // only the user changed it
  if (base === null) return { outcome: 'conflict', content: ours, lines: [1] }; // a file we did not generate
  const merged = merge3(base, ours, theirs);
  return merged.clean
    ? { outcome: 'merged', content: merged.text, lines: [] }
    : { outcome: 'conflict', content: ours, lines: merged.conflicts.map((c) => c.startLine) };
}

/** The package folder a write renames from: the one project.json names, when it differs and is still there. */
async function renameSource(projectDir: string, current: string | null, next: string): Promise<string | null> {
  if (!current || current === next || !isPythonIdentifier(current)) return null;
  return (await isDirectory(join(projectDir, current))) ? current : null;
}

/** A folder under the new name that Bringup did not write (no journal names its files): never overwritten. */
async function refuseForeignTarget(packageDir: string, pkg: PackageToWrite, previous: Journal | null): Promise<void> {
  const ours = new Set(Object.values(writtenBy(previous, pkg.packageName)).flat());
  for (const file of pkg.files) {
    const there = await readIfExists(join(packageDir, file.path));
    if (there !== null && there !== file.content && !ours.has(sha256Text(there))) {
      throw badInput(`${packageDir} already exists and holds ${file.path}, which Bringup did not write: move that folder away before renaming the package to ${pkg.packageName}`);
    }
  }
}

/**
 * A rename killed half-way: committed (project.json names the new package) but the old folder is
 * still there, so it goes now; or not committed, and this write goes elsewhere, so the partly
 * written new folder goes (the old one, untouched until the commit, still has everything).
 */
async function recoverInterruptedRename(projectDir: string, current: string | null, next: string, journal: Journal | null): Promise<void> {
  if (!journal?.renamedFrom) return;
  if (current === journal.packageName) {
    if (journal.renamedFrom !== current) await removeOldPackage(projectDir, journal.renamedFrom);
  } else if (journal.packageName !== next && journal.packageName !== current) {
    await removeOldPackage(projectDir, journal.packageName);
  }
}

async function removeOldPackage(projectDir: string, from: string): Promise<void> {
  if (!isPythonIdentifier(from)) return;
  await rm(join(projectDir, from), { recursive: true, force: true });
  await rm(join(projectDir, BRINGUP_DIR, 'generated', from), { recursive: true, force: true });
  await rm(join(projectDir, BRINGUP_DIR, 'pending', from), { recursive: true, force: true });
}

/** Files of the user's own in the old package folder (helpers, notes), copied into the new one. */
async function carryUserFiles(fromDir: string, toDir: string, generated: ReadonlySet<string>): Promise<string[]> {
  const carried: string[] = [];
  for (const path of await listFiles(fromDir)) {
    if (generated.has(path) || path.split('/').includes('__pycache__') || path.endsWith('.pyc') || ATOMIC_TEMP.test(path.split('/').pop()!)) continue;
    if (path.endsWith('.new') && generated.has(path.slice(0, -4))) continue; // an old conflict copy, migrated already
    const content = await readFile(join(fromDir, path));
    const target = join(toDir, path);
    const there = await readFile(target).catch(() => null);
    if (there !== null && !there.equals(content)) throw badInput(`${target} already exists: cannot carry ${join(fromDir, path)} into the renamed package`);
    await writeFileAtomic(target, content);
    carried.push(path);
  }
  return carried;
}

/**
 * Bringup 0.1 wrote a conflict's new version as `<file>.new` inside the package, where MAX imports
 * from. On the next write it moves to .bringup/pending/ (unless a newer pending copy exists).
 */
async function migrateStrayNew(projectDir: string, packageName: string): Promise<string[]> {
  const migrated: string[] = [];
  const dir = join(projectDir, packageName);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return migrated;
  }
  for (const name of names.filter((n) => n.endsWith('.new') && SAFE_FILE.test(n.slice(0, -4)))) {
    const file = name.slice(0, -4);
    const pending = pendingCopy(projectDir, packageName, file);
    if ((await readIfExists(pending)) === null) {
      const content = await readIfExists(join(dir, name));
      if (content !== null) await writeFileAtomic(pending, content);
    }
    await rm(join(dir, name), { force: true });
    migrated.push(`${packageName}/${name}`);
  }
  return migrated;
}

/** Temp files a killed writer left (`.<name>.<hex>.tmp`): nobody else writes these folders while the lock is held. */
export async function sweepTemps(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    await Promise.all(names.filter((n) => ATOMIC_TEMP.test(n)).map((n) => rm(join(dir, n), { force: true })));
  }
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
 * Accepts the user's resolution: the file becomes `content` (atomically), the pending generated
 * version becomes the new base (so the next regeneration merges against it). A text still holding
 * conflict markers is refused.
 */
export async function resolveConflict(projectDir: string, packageName: string, file: string, content: string): Promise<void> {
  const marker = content.split(/\r?\n/).findIndex((l) => l === CONFLICT_MARKERS.ours || l === CONFLICT_MARKERS.theirs || l === CONFLICT_MARKERS.base);
  if (marker !== -1) throw badInput(`${packageName}/${file}: line ${marker + 1} is still a conflict marker; finish the merge first`);
  await withPortLock(projectDir, async () => {
    const { theirs } = await readConflict(projectDir, packageName, file);
    await writeFileAtomic(join(projectDir, packageName, file), content);
    await writeFileAtomic(generatedCopy(projectDir, packageName, file), theirs);
    await rm(pendingCopy(projectDir, packageName, file), { force: true });
    await rm(join(projectDir, packageName, `${file}.new`), { force: true });
    await updateProjectFile(projectDir, (project) => {
      if (!project) throw badInput(`${projectDir}: not a Bringup port`);
      const lastWrite = project.lastWrite ? { ...project.lastWrite, files: { ...project.lastWrite.files, [file]: 'resolved' as const } } : project.lastWrite;
      return { ...project, lastWrite, updatedAt: new Date().toISOString() };
    });
  });
}

async function writeProjectFile(projectDir: string, pkg: PackageToWrite, options: WriteOptions, lastWrite: LastWrite): Promise<void> {
  const now = (options.now ?? (() => new Date()))();
  await updateProjectFile(projectDir, (existing) => {
    const current = existing ?? emptyProject(options.checkpoint, now);
    const settings = { ...current.settings, ...definedOnly(options.settings ?? {}) };
    return {
      ...current,
      ...options.project,
      checkpoint: options.checkpoint,
      maxVersion: pkg.maxVersion,
      packageName: pkg.packageName,
      archName: pkg.archName ?? settings.archName ?? current.archName,
      settings,
      files: pkg.files.map((f) => f.path),
      lastWrite,
      updatedAt: now.toISOString(),
    };
  });
}

const definedOnly = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

async function readJournal(projectDir: string): Promise<Journal | null> {
  const text = await readIfExists(journalPath(projectDir));
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Journal;
    return typeof value.packageName === 'string' && value.files && typeof value.files === 'object' ? value : null;
  } catch {
    return null; // written atomically, so this is not a torn write: someone else's file; ignore it
  }
}

function checkPackage(pkg: PackageToWrite): void {
  for (const file of pkg.files) checkName(pkg.packageName, file.path);
}

/** Package and file names come from the generator, but are checked before touching the disk. */
function checkName(packageName: string, file: string): void {
  if (!isPythonIdentifier(packageName)) throw badInput(`package name ${JSON.stringify(packageName)} is not a Python identifier`);
  if (!SAFE_FILE.test(file) || file.includes('..')) throw badInput(`${JSON.stringify(file)} is not a plain file name`);
}

export async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw badInput(`${path}: cannot be read (${code ?? 'error'})`);
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return lstat(path).then((s) => s.isDirectory(), () => false);
}

/** Regular files under `dir`, relative with forward slashes (symlinks are not followed). */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

