import { resolve } from 'node:path';
import { generatePackage } from '../../../shared/codegen/generatePackage';
import type { GeneratePackageInput, WeightRename } from '../../../shared/codegen/types';
import type { ConfigAnalysis, Diagnostic } from '../../../shared/config/types';
import { BringupError } from '../../../shared/errors';
import { writeProjectPackage } from '../../services/project/projectWriter';
import type { SourceReader } from '../../services/source/types';
import { inspectWeights } from '../../services/weights/inspectWeights';
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
    const input: GeneratePackageInput = {
      analysis,
      config,
      archName: stringOption(values.name),
      baselineFolder: stringOption(values.baseline),
      maxVersion: stringOption(values['max-version']),
      weightsFormat: weightsFormatOf(files),
      repoId: reader.source.repoId,
    };
    // First without weights: refuses bad input before any header is read, and names the donor.
    const draft = generatePackage(input);
    const weights = input.weightsFormat ? await weightRenames(reader, analysis, draft.donorFolder, token) : null;
    const pkg = weights?.renames ? generatePackage({ ...input, weightRenames: weights.renames, weightsFormat: weights.format }) : draft;
    if (weights?.warning) pkg.warnings.push(weights.warning);
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

/**
 * The checkpoint's own renames onto the donor's names, from its weight headers (never the data).
 * Headers that cannot be read, or a donor the name map does not know, leave the donor's
 * convention in weight_adapters.py and give one warning.
 */
async function weightRenames(reader: SourceReader, analysis: ConfigAnalysis, donorFolder: string, token: string | undefined):
  Promise<{ renames: WeightRename[] | null; format?: 'safetensors' | 'gguf'; warning: Diagnostic | null }> {
  const warning = (code: string, message: string): Diagnostic => ({ severity: 'warning', code, path: '', message });
  let report;
  try {
    // The names are mapped onto the package's donor (which --baseline may have chosen), with the analysis already made.
    report = await inspectWeights(reader, { token, analyze: () => ({ ...analysis, baseline: { ...analysis.baseline, folder: donorFolder } }) });
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    return { renames: null, warning: warning('codegen-weights-unread', `weight headers not read (${reason}): weight_adapters.py keeps the ${donorFolder} donor's rename convention`) };
  }
  if (!report.mapping.known) {
    return { renames: null, warning: warning('codegen-weights-unmapped', `no weight-name map for the ${donorFolder} donor: weight_adapters.py keeps its rename convention`) };
  }
  return { renames: report.mapping.renames.map(({ from, to }) => ({ from, to })), format: report.format, warning: null };
}

/** safetensors when the checkpoint has any, else gguf when it has only GGUF files. */
function weightsFormatOf(files: string[]): 'safetensors' | 'gguf' | undefined {
  if (files.some((f) => f.endsWith('.safetensors') || f.endsWith('.safetensors.index.json'))) return 'safetensors';
  if (files.some((f) => f.endsWith('.gguf'))) return 'gguf';
  return undefined;
}
