import type { CacheReport } from '../../../shared/cache/types';
import type { EventBus } from '../events';
import { findCheckpoints, type FoundCheckpoint } from './findCheckpoints';
import { resolveCacheDir, type Env } from './resolveCacheDir';
import { scanHfCache } from './scanHfCache';
import { watchCache, type Disposable } from './watchCache';

/** The local side of the checkpoint browser: the HF cache (watched for changes) and user folders. */
export function createCacheService(env: Env, events: EventBus, watch: boolean) {
  const cacheDir = resolveCacheDir(env);
  const watcher: Disposable | null = watch ? watchCache(cacheDir, () => events.emit('onCacheChanged', { cacheDir })) : null;
  return {
    api: {
      async scan(): Promise<CacheReport> {
        return scanHfCache(cacheDir, env);
      },
      async findCheckpoints(folder: string): Promise<FoundCheckpoint[]> {
        return findCheckpoints(folder);
      },
    },
    dispose: () => watcher?.dispose(),
  };
}
