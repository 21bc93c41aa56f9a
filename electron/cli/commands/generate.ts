import { resolve } from 'node:path';
import { BringupError } from '../../../shared/errors';
import { writeProjectPackage } from '../../services/project/projectWriter';
import { generateForCheckpoint, weightsFormatOf } from '../../services/project/generateForCheckpoint';
import { readAnalysedConfig, resolveSourceArg } from '../checkpointArgs';
import { printJson, sourceOptions, type CliCommand } from '../command';

/** `bringup generate SOURCE --out DIR [--name ARCH_NAME] [--baseline FOLDER] [--max-version V] [--force] [--json]`. */
export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'Write a MAX custom-architecture package for the checkpoint, merging your edits on regeneration',
  usage: 'bringup generate SOURCE --out DIR [--name ARCH_NAME] [--baseline FOLDER] [--max-version V] [--force] [--json] [--offline] [--hub-url URL]',
  options: {
    ...sourceOptions,
    out: { type: 'string' },
    name: { type: 'string' },
    baseline: { type: 'string' },
    'max-version': { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(ctx) {
    const { values, io, cwd } = ctx;
    if (typeof values.out !== 'string' || values.out === '') throw new BringupError('usage', '--out DIR is required');
    const { given, reader, token } = await resolveSourceArg(ctx);
    const { config, analysis, files } = await readAnalysedConfig(reader, given);
    const pkg = await generateForCheckpoint(reader, token, {
      analysis,
      config,
      archName: stringOption(values.name),
      baselineFolder: stringOption(values.baseline),
      maxVersion: stringOption(values['max-version']),
      weightsFormat: weightsFormatOf(files),
      repoId: reader.source.repoId,
    });
    const outDir = resolve(cwd, values.out);
    const report = await writeProjectPackage(outDir, pkg, {
      force: values.force === true,
      checkpoint: {
        source: given, kind: reader.source.kind, dir: reader.source.dir, repoId: reader.source.repoId,
        revision: reader.source.revision, commit: reader.source.commit,
      },
      settings: { archName: stringOption(values.name), baselineFolder: stringOption(values.baseline) },
    });
    const result = {
      source: given,
      packageName: pkg.packageName,
      packageDir: report.packageDir,
      maxVersion: pkg.maxVersion,
      donor: pkg.donorFolder,
      written: report.written,
      merged: report.merged,
      skipped: report.skipped,
      conflicts: report.conflicts,
      warnings: pkg.warnings,
      rename: pkg.rename,
    };
    if (values.json) {
      printJson(io, result);
      return 0;
    }
    const lines = [`${pkg.packageName} (MAX ${pkg.maxVersion}, donor ${pkg.donorFolder}) in ${report.packageDir}`];
    for (const path of report.written) lines.push(`  ${report.merged.includes(path) ? 'merged ' : 'written'} ${path}`);
    for (const path of report.skipped) lines.push(`  same    ${path}`);
    for (const c of report.conflicts) lines.push(`  CONFLICT ${c.path}: your edits kept; the new version is in ${c.newPath} (conflicting lines: ${c.lines.join(', ')})`);
    for (const w of pkg.warnings) lines.push(`warning ${w.code}${w.path ? ` [${w.path}]` : ''}: ${w.message}`);
    if (report.conflicts.length) lines.push('Resolve each conflict by hand, delete the .new file, or rerun with --force to overwrite.');
    io.out(lines.join('\n') + '\n');
    return 0;
  },
};

const stringOption = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);

