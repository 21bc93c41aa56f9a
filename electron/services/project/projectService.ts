import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { generateForCheckpoint, weightsFormatOf } from './generateForCheckpoint';
import type { AppSources } from '../source/appSources';
import { isBuiltinName } from '../../../shared/codegen/knowledge';
import { analyzeForPort } from '../../../shared/config/analyzeForPort';
import { badInput } from '../../../shared/errors';
import type { ProjectWriteRequest, ProjectWriteResult } from '../../../shared/project/types';
import { writeFileAtomic } from '../fs/atomicWrite';
import { BRINGUP_DIR, readConflict, resolveConflict, writeProjectPackage } from './projectWriter';

const TODO_MARKER = /TODO\(bringup\)/g;

/**
 * "Write the package" from the UI: the config as the user is editing it is analysed and generated
 * again here (the same pure code as the live preview), then written with the merge rules of
 * projectWriter, so an edited file is never overwritten silently.
 */
export function createProjectService(sources: AppSources) {
  // Examples and dropped files have no checkpoint on disk: they are generated without weights.
  const readerFor = (source: string) => (/^(example|dropped):/.test(source) ? Promise.resolve(null) : sources.resolve(source).catch(() => null));

  return {
    async write(request: ProjectWriteRequest): Promise<ProjectWriteResult> {
      if (!isAbsolute(request.dir)) throw badInput(`${request.dir}: give an absolute folder path`);
      const { config, analysis } = analyzeForPort(request.configText, 'config.json', { source: request.checkpoint.source, files: request.files });
      // The same generation as `bringup generate`: with the renames the checkpoint's real tensor names give.
      const reader = await readerFor(request.checkpoint.source);
      const pkg = await generateForCheckpoint(reader, (await sources.token()) ?? undefined, {
        analysis,
        config,
        archName: request.archName,
        maxVersion: request.maxVersion,
        weightsFormat: weightsFormatOf(request.files ?? []),
        repoId: request.checkpoint.repoId,
      });
      const report = await writeProjectPackage(request.dir, pkg, {
        force: request.force,
        checkpoint: request.checkpoint,
        settings: { archName: request.archName },
      });
      // The config as it was when generated, edits included: the checkpoint's own file is never touched.
      await writeFileAtomic(join(request.dir, BRINGUP_DIR, 'config.json'), request.configText);
      const archName = request.archName ?? analysis.architecture ?? pkg.packageName;
      const modelPy = await readFile(join(report.packageDir, 'model.py'), 'utf8').catch(() => '');
      return {
        ...report,
        packageName: pkg.packageName,
        maxVersion: pkg.maxVersion,
        archName,
        nameIsBuiltIn: isBuiltinName(archName),
        todosLeft: (modelPy.match(TODO_MARKER) ?? []).length,
        rename: pkg.rename,
      };
    },
    readConflict: (dir: string, packageName: string, file: string) => readConflict(dir, packageName, file),
    resolveConflict: (dir: string, packageName: string, file: string, content: string) => resolveConflict(dir, packageName, file, content),
  };
}
