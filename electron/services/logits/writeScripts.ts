/**
 * Writes the generated logits scripts into a port (`DIR/logits/*.py`) without ever losing the user's
 * edits: `.bringup/generated/logits/<file>` keeps the last generated version; an untouched file is
 * replaced, an edited one is three-way merged, and a conflict (or a file Bringup did not write)
 * leaves the user's file as it is with the new version beside it as `<file>.new`. Every write is
 * atomic. (The port writer of the project service may take this over; it is this one function.)
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { badInput } from '../../../shared/errors';
import { renderLogitsScripts, type GeneratedScript, type ScriptOptions } from '../../../shared/logits/scripts';
import { merge3 } from '../../../shared/merge/merge3';
import { writeFileAtomic } from '../fs/atomicWrite';
import { BRINGUP_DIR } from '../project/projectFile';

export interface ScriptWriteReport {
  written: string[];
  merged: string[];
  /** Unchanged, or the user's edit already holds what regeneration would bring. */
  skipped: string[];
  conflicts: { path: string; newPath: string }[];
}

const SAFE = /^logits\/[A-Za-z0-9_][A-Za-z0-9_.-]*\.py$/;

export async function writeLogitsScripts(portDir: string, options: ScriptOptions & { force?: boolean } = {}, scripts: GeneratedScript[] = renderLogitsScripts(options)): Promise<ScriptWriteReport> {
  const report: ScriptWriteReport = { written: [], merged: [], skipped: [], conflicts: [] };
  for (const script of scripts) {
    if (!SAFE.test(script.path)) throw badInput(`${script.path}: not a logits script path`);
    const target = join(portDir, script.path);
    const basePath = join(portDir, BRINGUP_DIR, 'generated', 'logits', basename(script.path));
    const [ours, base] = await Promise.all([readIfExists(target), readIfExists(basePath)]);
    const theirs = script.content;
    let content = theirs;
    let outcome: 'write' | 'merged' | 'skip' | 'conflict';
    if (ours === null || options.force || ours === base) outcome = ours === theirs ? 'skip' : 'write';
    else if (ours === theirs || base === theirs) outcome = 'skip';
    else if (base === null) outcome = 'conflict';
    else {
      const merged = merge3(base, ours, theirs);
      outcome = merged.clean ? 'merged' : 'conflict';
      content = merged.text;
    }
    if (outcome === 'conflict') {
      await writeFileAtomic(`${target}.new`, theirs);
      report.conflicts.push({ path: script.path, newPath: `${script.path}.new` });
      continue;
    }
    if (outcome === 'skip') report.skipped.push(script.path);
    else {
      await writeFileAtomic(target, content);
      report.written.push(script.path);
      if (outcome === 'merged') report.merged.push(script.path);
    }
    await writeFileAtomic(basePath, theirs);
  }
  return report;
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw badInput(`${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
