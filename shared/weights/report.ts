import { totals, type Totals } from './components';
import { crossCheck, prepareCrossCheck } from './crossCheck';
import { encodingBits, maxEncodingOfDtype } from './dtypes';
import { detectPrefixes, familyForModelType, type ConfigView, type Family, type Prefixes } from './families';
import { buildNameMap } from './nameMap';
import type { NameIndex, NameMapping, TensorTable, WeightFile, WeightFormat, WeightsReport } from './types';

/** Everything read from the weight files, before any understanding. */
export interface WeightsRead {
  source: string;
  format: WeightFormat;
  files: WeightFile[];
  tensors: TensorTable;
  metadata: Record<string, string>;
  warnings: string[];
  /** Tensor name → row of `tensors`, when the reader built it already (names are then unique). */
  byName?: NameIndex;
  /** The totals of `tensors`, when the reader counted them file by file as the files came in. */
  totals?: Totals;
  /** A GGUF tensor's stored bytes (GGML block types have no per-element size). */
  bytesOf?: (index: number) => number | undefined;
}

export interface ReportOptions {
  /** Effective config values; null when no config.json sits beside the weights. */
  config: ConfigView | null;
  /** The language model's model_type (selects the shape templates). */
  modelType: string | null;
  /** The MAX donor folder from the analysis (`baseline.folder`). */
  donor: string | null;
  /** MAX encoding to size the weights at; default: the encoding of the checkpoint's main dtype. */
  encoding?: string | null;
}

/**
 * What the report works out from the tensor names alone (prefixes, layer count, the join with the
 * expected tensors, the name map), for a reader that knows the names before the shapes: done while
 * the headers are still on their way, and used by `buildWeightsReport` when its names are these.
 */
export interface PreparedReport {
  names: readonly string[];
  options: ReportOptions;
  mapping: NameMapping;
}

export function prepareWeightsReport(names: readonly string[], byName: NameIndex, options: ReportOptions): PreparedReport {
  const family = familyForModelType(options.modelType);
  if (options.config && family) {
    prepareCrossCheck(family, options.config, prefixesOf(family, names), names, byName);
  }
  return { names, options, mapping: nameMapOf(names, byName, 'safetensors', options) };
}

/** Without the embedding the module prefix cannot be seen; the family's own prefix is assumed. */
function prefixesOf(family: Family, names: readonly string[]): Prefixes {
  return detectPrefixes(family, names) ?? { p: family.base, r: '' };
}

function nameMapOf(names: readonly string[], byName: NameIndex | undefined, format: WeightFormat, options: ReportOptions): NameMapping {
  return buildNameMap({ donor: options.donor, format, names, byName, config: options.config ?? { get: () => null, origin: () => null } });
}

export function buildWeightsReport(read: WeightsRead, options: ReportOptions, prepared?: PreparedReport): WeightsReport {
  const { parameterCount, parametersByDtype, components } = read.totals ?? totals(read.tensors, read.bytesOf);
  const warnings = [...read.warnings];
  const byName = read.byName ?? new Map(read.tensors.names.map((n, i) => [n, i]));
  const lookup = {
    names: read.tensors.names,
    shapes: read.tensors.shapes,
    byName: read.byName,
    shapeOf: (n: string) => {
      const row = byName.get(n);
      return row === undefined ? undefined : read.tensors.shapes[row];
    },
  };

  let checks: WeightsReport['checks'] = [];
  let shapeMismatches: WeightsReport['shapeMismatches'] = [];
  const family = read.format === 'safetensors' ? familyForModelType(options.modelType) : undefined;
  if (options.config && family) {
    const prefixes = prefixesOf(family, read.tensors.names);
    if (!read.tensors.names.some((n) => n.endsWith(family.embed))) warnings.push(`no tensor named *${family.embed}: this does not look like a ${family.id}-family checkpoint`);
    const result = crossCheck(family, options.config, prefixes, lookup);
    checks = result.checks;
    shapeMismatches = result.shapeMismatches;
    if (result.shapeMismatchCount > shapeMismatches.length) warnings.push(`${result.shapeMismatchCount} tensors differ from the shapes the config implies; the first ${shapeMismatches.length} are listed`);
  } else if (options.config && read.format === 'safetensors') {
    warnings.push(`the knowledge base has no tensor shapes for model_type ${JSON.stringify(options.modelType)}: no config-vs-weights cross-check`);
  } else if (!options.config) {
    warnings.push('no config.json beside the weights: no config-vs-weights cross-check');
  }

  const mapping =
    prepared && prepared.names === read.tensors.names && prepared.options === options && read.format === 'safetensors'
      ? prepared.mapping
      : nameMapOf(read.tensors.names, read.byName, read.format, options);
  if (options.donor && !mapping.known) warnings.push(`no weight-name map for MAX donor ${options.donor} in the knowledge base: names not mapped`);

  const bytesOnDisk = read.files.reduce((s, f) => s + f.bytes, 0);
  const encoding = options.encoding ?? mainEncoding(parametersByDtype);
  const bits = encoding ? encodingBits(encoding) : undefined;
  return {
    source: read.source,
    format: read.format,
    files: read.files,
    tensorCount: read.tensors.names.length,
    parameterCount,
    parametersByDtype,
    tensors: read.tensors,
    checks,
    mapping,
    family: family?.id ?? null,
    components,
    bytesOnDisk,
    memory: encoding && bits !== undefined ? { encoding, bytes: Math.ceil((parameterCount * bits) / 8) } : null,
    shapeMismatches,
    warnings,
    metadata: read.metadata,
  };
}

/** The MAX encoding of the dtype holding most parameters, if MAX maps that dtype. */
function mainEncoding(byDtype: Record<string, number>): string | null {
  let best: string | null = null;
  for (const [dtype, n] of Object.entries(byDtype)) if (best === null || n > byDtype[best]) best = dtype;
  return best ? maxEncodingOfDtype(best) ?? null : null;
}

/** The `bringup weights --json` object of CLI-CONTRACT.md (plus added fields). */
export function toContractJson(report: WeightsReport, withTensors: boolean): Record<string, unknown> {
  const t = report.tensors;
  return {
    source: report.source,
    format: report.format,
    files: report.files,
    tensorCount: report.tensorCount,
    parameterCount: report.parameterCount,
    parametersByDtype: report.parametersByDtype,
    ...(withTensors
      ? { tensors: t.names.map((name, i) => ({ name, dtype: t.dtypes[i], shape: t.shapes[i], file: report.files[t.files[i]].name })) }
      : {}),
    checks: report.checks,
    mapping: {
      baseline: report.mapping.baseline,
      mapped: report.mapping.mapped,
      unmappedCheckpoint: report.mapping.unmappedCheckpoint,
      unfilledModel: report.mapping.unfilledModel,
      known: report.mapping.known,
      renames: report.mapping.renames,
      dropped: report.mapping.dropped,
      fused: report.mapping.fused,
      tiedLmHead: report.mapping.tiedLmHead,
      strict: report.mapping.strict,
    },
    family: report.family,
    components: report.components,
    bytesOnDisk: report.bytesOnDisk,
    memory: report.memory,
    shapeMismatches: report.shapeMismatches,
    warnings: report.warnings,
  };
}
