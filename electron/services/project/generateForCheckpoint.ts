import type { GeneratedPackageResult } from '../../../shared/codegen/generatePackage';
import { generateWithRegisteredName } from '../../../shared/project/registeredName';
import type { GeneratePackageInput, WeightRename } from '../../../shared/codegen/types';
import type { ConfigAnalysis, Diagnostic } from '../../../shared/config/types';
import type { SourceReader } from '../source/types';
import { inspectWeights } from '../weights/inspectWeights';

/**
 * The package for a checkpoint, the same from the command line and from the app: generated once
 * without weights (bad input is refused before any header is read, and the donor is named), then,
 * when the checkpoint has weights, again with the rename list its real tensor names give. Without an
 * explicit name, a built-in architectures[0] gets the unique registered name (registeredName.ts).
 */
export async function generateForCheckpoint(reader: SourceReader | null, token: string | undefined, input: GeneratePackageInput): Promise<GeneratedPackageResult> {
  const draft = generateWithRegisteredName(input);
  if (!reader || !input.weightsFormat) return draft;
  const weights = await weightRenames(reader, input.analysis, draft.donorFolder, token);
  const pkg = weights.renames ? generateWithRegisteredName({ ...input, weightRenames: weights.renames, weightsFormat: weights.format }) : draft;
  if (weights.warning) pkg.warnings.push(weights.warning);
  return pkg;
}

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
export function weightsFormatOf(files: string[]): 'safetensors' | 'gguf' | undefined {
  if (files.some((f) => f.endsWith('.safetensors') || f.endsWith('.safetensors.index.json'))) return 'safetensors';
  if (files.some((f) => f.endsWith('.gguf'))) return 'gguf';
  return undefined;
}
