import { stat } from 'node:fs/promises';
import type { SourceReader } from '../source/types';
import { localSourceReader } from '../source/localSource';
import type { OpenedPort } from './port';

/**
 * The reader of a port's checkpoint: its folder on this machine (a local checkpoint, an HF cache
 * snapshot, an embedded example), else its repo at the recorded commit (HF cache first, then the
 * Hub, through `resolveRepo`). Null when the folder is gone.
 */
export function portReader(resolveRepo: (source: string) => Promise<SourceReader>) {
  return async (port: OpenedPort): Promise<SourceReader | null> => {
    const c = port.project.checkpoint;
    if (c.dir) {
      if (!(await stat(c.dir).then((s) => s.isDirectory(), () => false))) return null;
      return localSourceReader({ given: c.source, kind: c.kind === 'hub' ? 'local' : (c.kind ?? 'local'), dir: c.dir, label: c.dir, repoId: c.repoId, revision: c.revision, commit: c.commit });
    }
    if (c.repoId) return resolveRepo(`${c.repoId}@${c.commit ?? c.revision ?? 'main'}`);
    return null;
  };
}
