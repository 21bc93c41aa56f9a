import { resolve } from 'node:path';
import { BringupError } from '../../../shared/errors';
import { writeProjectPackage } from '../../services/project/projectWriter';
import { generateForCheckpoint, weightsFormatOf } from '../../services/project/generateForCheckpoint';
import { readAnalysedConfig, resolveSourceArg } from '../checkpointArgs';
import { printJson, sourceOptions, stringOption, type CliCommand } from '../command';

/** `bringup generate SOURCE --out DIR [--name ARCH_NAME] [--baseline FOLDER] [--max-version V] [--force] [--json]`. */
export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'Write a MAX custom-architecture package for the checkpoint, merging your edits on regeneration',
  usage: 'bringup generate SOURCE --out DIR [--name ARCH_NAME] [--baseline FOLDER] [--max-version V] [--force] [--json] [--offline] [--hub-url URL]',
  arguments: { SOURCE: 'a folder holding config.json, a config.json path, or org/name[@rev] (HF cache first, then the Hub)' },
  options: {
    ...sourceOptions,
    out: { type: 'string', value: 'DIR', description: 'the port folder: the package, .bringup/ (project, evidence) and checkpoint/ (what max serve gets)' },
    name: { type: 'string', value: 'ARCH_NAME', description: 'the registered architecture name (default: architectures[0]; a built-in name gets a unique one)' },
    baseline: { type: 'string', value: 'FOLDER', description: "the MAX architecture folder to start from (default: the analysis' donor)" },
    'max-version': { type: 'string', value: 'V', description: 'the MAX version to generate for (default: the newest the knowledge base knows)' },
    force: { type: 'boolean', description: 'overwrite files you changed instead of merging (conflicts are otherwise kept for you to resolve)' },
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


