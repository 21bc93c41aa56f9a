/**
 * The package files of a port as the Changes view shows them: the file on disk, its last generated
 * version, whether a new generation waits in conflict, and what the last write did.
 */
import { join } from 'node:path';
import type { ProjectFile } from '../../../shared/project/schema';
import type { PortFileState, PortFileView } from '../../../shared/project/types';
import { generatedCopy, pendingCopy, readIfExists } from './projectWriter';

export async function portFiles(dir: string, project: ProjectFile): Promise<PortFileView[]> {
  return Promise.all(project.files.map(async (path) => {
    const [content, generated, pending] = await Promise.all([
      readIfExists(join(dir, project.packageName, path)),
      readIfExists(generatedCopy(dir, project.packageName, path)),
      readIfExists(pendingCopy(dir, project.packageName, path)),
    ]);
    const lastWrite = project.lastWrite?.files[path] ?? null;
    let state: PortFileState;
    if (content === null) state = 'missing';
    else if (pending !== null) state = 'conflict';
    else if (content === generated) state = 'unchanged';
    else state = lastWrite === 'merged' ? 'merged' : 'edited';
    return { path, content, generated, state, lastWrite };
  }));
}
