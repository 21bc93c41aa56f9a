import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { badInput } from '../../../shared/errors';
import { localSourceReader, statOrNull } from './localSource';
import type { ResolveOptions, SourceReader } from './types';

const REPO_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+(@[\w./-]+)?$/;

/**
 * Resolves a SOURCE: a folder holding config.json, a path to a config.json, or `org/name[@rev]`
 * (the HF cache first, then the Hub). Throws BringupError('bad-input') with one readable line.
 */
export async function resolveSource(given: string, options: ResolveOptions = {}): Promise<SourceReader> {
  if (!given) throw badInput('no SOURCE given: a folder, a config.json, or org/name[@rev]');
  const path = isAbsolute(given) ? given : resolve(options.cwd ?? process.cwd(), given);
  const info = statOrNull(path);
  if (info?.isDirectory()) return localSourceReader({ given, kind: 'local', dir: path, label: path });
  if (info?.isFile()) {
    if (basename(path) !== 'config.json') throw badInput(`${path}: not a config.json (give its folder or the config.json itself)`);
    return localSourceReader({ given, kind: 'local', dir: dirname(path), label: dirname(path) });
  }
  // The Hub client loads only for a repo id: a local folder does not pay for it (~40 ms of `bringup weights`).
  if (REPO_ID.test(given) && !given.startsWith('.')) return (await import('./repoSource')).resolveRepoSource(given, options);
  throw badInput(`${path}: no such file or folder`);
}
