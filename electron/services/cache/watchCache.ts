import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';

export interface Disposable {
  dispose(): void;
}

export interface WatchOptions {
  /** Quiet time before `onChange` fires, so a download's many writes give one refresh. */
  debounceMs?: number;
  /** How often to look for a cache folder that does not exist yet. */
  pollMs?: number;
}

/**
 * Calls `onChange` (debounced) when anything below `cacheDir` changes. A missing folder is polled
 * until it appears. Returns a disposable that stops everything.
 */
export function watchCache(cacheDir: string, onChange: () => void, options: WatchOptions = {}): Disposable {
  const debounceMs = options.debounceMs ?? 500;
  let timer: NodeJS.Timeout | null = null;
  let poll: NodeJS.Timeout | null = null;
  let watcher: FSWatcher | null = null;
  let disposed = false;

  const fire = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!disposed) onChange();
    }, debounceMs);
  };

  const arm = async () => {
    if (disposed) return;
    const exists = (await stat(cacheDir).catch(() => null))?.isDirectory();
    if (disposed) return;
    if (!exists) {
      poll = setTimeout(arm, options.pollMs ?? 2000);
      return;
    }
    try {
      watcher = watch(cacheDir, { recursive: true }, fire);
      watcher.on('error', () => {
        // The folder went away (or a watch limit was hit): fall back to polling for it.
        watcher?.close();
        watcher = null;
        fire();
        if (!disposed) poll = setTimeout(arm, options.pollMs ?? 2000);
      });
    } catch {
      poll = setTimeout(arm, options.pollMs ?? 2000);
    }
  };
  void arm();

  return {
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      if (poll) clearTimeout(poll);
      watcher?.close();
    },
  };
}
