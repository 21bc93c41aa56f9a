import { BringupError, badInput } from '../../../shared/errors';
import { findCachedSnapshot } from '../cache/findInCache';
import { resolveCacheDir } from '../cache/resolveCacheDir';
import { createHubClient } from '../hub/hubClient';
import { isOffline } from '../hub/hubUrl';
import { tokenProvider } from '../hub/token';
import { localSourceReader } from './localSource';
import type { ResolveOptions, SourceReader } from './types';

/** Splits `org/name[@rev]`; the revision defaults to main. */
export function parseRepoId(given: string): { repoId: string; revision: string } {
  const at = given.indexOf('@');
  return at < 0 ? { repoId: given, revision: 'main' } : { repoId: given.slice(0, at), revision: given.slice(at + 1) || 'main' };
}

/**
 * `org/name[@rev]`: the HF cache first (the ref's snapshot, or a commit prefix), then the Hub
 * (file list from the tree API, text from resolve), unless offline.
 */
export async function resolveRepoSource(given: string, options: ResolveOptions = {}): Promise<SourceReader> {
  const env = options.env ?? process.env;
  const { repoId, revision } = parseRepoId(given);
  if (repoId.split('/').some((p) => p === '.' || p === '..')) throw badInput(`${given}: not a repo id (org/name[@revision])`);
  const cacheDir = options.cacheDir ?? resolveCacheDir(env);
  const cached = await findCachedSnapshot(cacheDir, repoId, revision);
  if (cached) {
    return localSourceReader({ given, kind: 'cache', dir: cached.dir, repoId, revision, commit: cached.commit, label: `${repoId}@${revision} (HF cache)` });
  }
  if (isOffline(env, options.offline)) {
    throw badInput(`${given}: not in the HF cache (${cacheDir}) and offline, so the Hub is not tried`);
  }
  return hubSourceReader(given, options);
}

/** `org/name[@rev]` read on the Hub itself, never from the cache: the tree API's file list, texts by resolve, range access. */
export async function hubSourceReader(given: string, options: ResolveOptions = {}): Promise<SourceReader> {
  const env = options.env ?? process.env;
  const { repoId, revision } = parseRepoId(given);
  const client = createHubClient({
    hubUrl: options.hubUrl,
    env,
    offline: options.offline,
    audience: options.audience,
    token: options.token !== undefined ? async () => options.token ?? null : tokenProvider(env),
  });
  try {
    const info = await client.modelInfo(repoId, revision);
    const files = info.files.map((f) => ({ path: f.path, size: f.size }));
    return {
      source: { given, kind: 'hub', repoId, revision, commit: info.sha, hubUrl: client.hubUrl, label: `${repoId}@${revision} (${client.hubUrl})` },
      listFiles: async () => files,
      readText: (path) => client.readText(repoId, info.sha, path).catch(asBadInput),
      remote: { commit: info.sha, fileUrl: (path) => client.fileUrl(repoId, info.sha, path), callParams: () => client.callParams() },
    };
  } catch (err) {
    return asBadInput(err);
  }
}

/** A repo or file the Hub does not have, or will not give, is bad input (exit 2) like a missing folder. */
function asBadInput(err: unknown): never {
  if (err instanceof BringupError && (err.code === 'not-found' || err.code === 'auth')) throw badInput(err.message);
  throw err;
}
