import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export type Env = Record<string, string | undefined>;

const expandHome = (p: string, home: string) => (p === '~' || p.startsWith('~/') ? join(home, p.slice(1)) : p);

/** `HF_HOME`: set, else `$XDG_CACHE_HOME/huggingface`, else `~/.cache/huggingface` (huggingface_hub constants.py). */
export function resolveHfHome(env: Env = process.env): string {
  const home = env.HOME || homedir();
  if (env.HF_HOME) return resolve(expandHome(env.HF_HOME, home));
  if (env.XDG_CACHE_HOME) return resolve(expandHome(env.XDG_CACHE_HOME, home), 'huggingface');
  return join(home, '.cache', 'huggingface');
}

/**
 * The HF hub cache folder, in huggingface_hub's order: `HF_HUB_CACHE`, its deprecated alias
 * `HUGGINGFACE_HUB_CACHE`, then `<HF_HOME>/hub`.
 */
export function resolveCacheDir(env: Env = process.env): string {
  const home = env.HOME || homedir();
  const explicit = env.HF_HUB_CACHE || env.HUGGINGFACE_HUB_CACHE;
  if (explicit) return resolve(expandHome(explicit, home));
  return join(resolveHfHome(env), 'hub');
}
