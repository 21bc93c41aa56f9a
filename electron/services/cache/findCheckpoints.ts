import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FoundCheckpoint } from '../../../shared/cache/types';
import { detectWeightsFormat } from './weightsFormat';

export type { FoundCheckpoint };

const SKIP = new Set(['node_modules', '__pycache__', 'blobs', 'refs']);

/**
 * Checkpoint folders inside a folder the user added: folders (up to `depth` levels down) holding a
 * config.json or weight files. A checkpoint's own sub-folders are not searched further.
 * Unreadable folders are skipped; symlinked folders are not followed (HF cache snapshots hold
 * symlinked files, not folders, so they are still found).
 */
export async function findCheckpoints(folder: string, depth = 3): Promise<FoundCheckpoint[]> {
  const out: FoundCheckpoint[] = [];
  await visit(folder, depth, out);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

async function visit(dir: string, depth: number, out: FoundCheckpoint[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => null);
  if (!entries) return;
  const names = entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name);
  const hasConfig = names.includes('config.json');
  const weights = detectWeightsFormat(names);
  if (hasConfig || weights) {
    out.push({ path: dir, hasConfig, weights });
    return;
  }
  if (depth <= 0) return;
  for (const e of entries) {
    if (e.isDirectory() && !e.name.startsWith('.') && !SKIP.has(e.name)) await visit(join(dir, e.name), depth - 1, out);
  }
}
