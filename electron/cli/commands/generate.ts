import { resolve } from 'node:path';
import { BringupError } from '../../../shared/errors';
import { writePort } from '../../services/project/writePort';
import { readAnalysedConfig, resolveSourceArg } from '../checkpointArgs';
import { listWithLimit, printJson, sourceOptions, stringOption, type CliCommand } from '../command';
import { cliEvidenceDeps } from '../portDeps';

/** `bringup generate SOURCE --out DIR [--name ARCH_NAME] [--baseline FOLDER] [--max-version V] [--force] [--json]`. */
export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'Write the port: the MAX package, the serve folder and .bringup/, merging your edits on regeneration',
  usage: 'bringup generate SOURCE --out DIR [--name ARCH_NAME] [--baseline FOLDER] [--max-version V] [--force] [--json] [--offline] [--hub-url URL]',
  arguments: { SOURCE: 'a folder holding config.json, a config.json path, or org/name[@rev] (HF cache first, then the Hub)' },
  options: {
    ...sourceOptions,
    out: { type: 'string', value: 'DIR', description: 'the port folder: the package, .bringup/ (project, evidence) and checkpoint/ (what max serve gets)' },
    name: { type: 'string', value: 'ARCH_NAME', description: 'the registered architecture name (default: the port\'s, else architectures[0]; a built-in name gets a unique one)' },
    baseline: { type: 'string', value: 'FOLDER', description: "the MAX architecture folder to start from (default: the analysis' donor)" },
    'max-version': { type: 'string', value: 'V', description: "the MAX version to generate for (default: the port's, else the newest the knowledge base knows)" },
    force: { type: 'boolean', description: 'overwrite files you changed instead of merging (conflicts are otherwise kept for you to resolve)' },
  },
  async run(ctx) {
    const { values, io, cwd } = ctx;
    if (typeof values.out !== 'string' || values.out === '') throw new BringupError('usage', '--out DIR is required');
    const { given, reader, token } = await resolveSourceArg(ctx);
    // Refused up front, naming file and line:column, when the checkpoint's config.json is broken.
    const { files } = await readAnalysedConfig(reader, given);
    const outDir = resolve(cwd, values.out);
    const result = await writePort({
      dir: outDir,
      reader,
      token,
      checkpoint: {
        source: given, kind: reader.source.kind, dir: reader.source.dir, repoId: reader.source.repoId,
        revision: reader.source.revision, commit: reader.source.commit,
      },
      files,
      archName: stringOption(values.name),
      baselineFolder: stringOption(values.baseline),
      maxVersion: stringOption(values['max-version']),
      force: values.force === true,
    }, cliEvidenceDeps(ctx));
    const { pkg } = result;
    if (values.json) {
      printJson(io, {
        source: given,
        port: outDir,
        packageName: result.packageName,
        packageDir: result.packageDir,
        archName: result.archName,
        maxVersion: result.maxVersion,
        donor: pkg.donorFolder,
        written: result.written,
        merged: result.merged,
        skipped: result.skipped,
        conflicts: result.conflicts,
        renamedFrom: result.renamedFrom,
        carried: result.carried,
        migrated: result.migrated,
        serveFolder: result.serveFolder,
        servePath: result.status.servePath,
        warnings: result.warnings,
        rename: result.rename,
      });
      return 0;
    }
    const lines = [`${result.packageName} registered as ${result.archName} (MAX ${result.maxVersion}, donor ${pkg.donorFolder}) in ${result.packageDir}`];
    if (result.renamedFrom) lines.push(`  renamed from ${result.renamedFrom}/ (your edits carried over${result.carried.length ? `, and ${result.carried.length} file(s) of your own` : ''})`);
    for (const path of result.written) lines.push(`  ${result.merged.includes(path) ? 'merged ' : 'written'} ${path}`);
    for (const path of result.skipped) lines.push(`  same    ${path}`);
    for (const c of result.conflicts) lines.push(`  CONFLICT ${c.path}: your edits kept; the new version is in ${c.newPath} (conflicting lines: ${c.lines.join(', ')})`);
    for (const m of result.migrated) lines.push(`  moved   ${m} into .bringup/pending/ (conflict copies stay out of the package)`);
    const folder = result.serveFolder;
    if (folder?.path) lines.push(`serve folder ${folder.path}: ${folder.note}`);
    else if (folder) lines.push(`serve folder: ${folder.note}`);
    else lines.push(`serve folder: not needed (max serve --model-path ${result.status.servePath ?? 'the checkpoint'})`);
    if (folder?.weightPaths.length) lines.push(...listWithLimit(folder.weightPaths.map((p) => `--weight-path ${p}`), 8, '  '));
    for (const w of result.warnings) lines.push(`${w.severity === 'info' ? 'note' : 'warning'} ${w.code}${w.path ? ` [${w.path}]` : ''}: ${w.message}`);
    if (result.conflicts.length) lines.push('Resolve each conflict in the app (Changes), or by hand and write again; --force overwrites.');
    lines.push(`Checklist: ${result.status.steps.map((s) => `${s.title} ${s.state}`).join(', ')} (bringup status ${outDir})`);
    io.out(lines.join('\n') + '\n');
    return 0;
  },
};
