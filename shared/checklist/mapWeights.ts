/**
 * Evidence for "Map weights": the weight headers agree with the port's config (the cross-check)
 * and every checkpoint tensor has a MAX name (the name map). A contradiction is a blocker with its
 * quick fix; an unmapped tensor may be acknowledged as truly unused, per name pattern (one finding
 * for `model.layers.*.x` instead of one per layer).
 */
import type { WeightsReport } from '../weights/types';
import { gathered, plural, type Finding, type Gathered } from './findings';

export interface MapWeightsInput {
  report?: WeightsReport | null;
  /** The headers could not be read: the one line that says why. */
  error?: string | null;
  /** Why there is nothing to read (no weight files, a config-only example). */
  noWeights?: string | null;
}

/** Layer indices turned into `*`: `model.layers.7.mlp.x` → `model.layers.*.mlp.x`. */
export const tensorPattern = (name: string) => name.replace(/\.\d+(?=\.|$)/g, '.*');

export function gatherMapWeights(input: MapWeightsInput): Gathered {
  if (input.noWeights) return gathered([{ id: 'weights', level: 'todo', message: input.noWeights }], input.noWeights);
  if (input.error) return gathered([{ id: 'weights', level: 'blocker', message: input.error }], input.error);
  const report = input.report;
  if (!report) return gathered([{ id: 'weights', level: 'todo', message: 'The weight headers are not read yet' }], 'Weight headers not read yet');
  const findings: Finding[] = [];
  for (const check of report.checks.filter((c) => c.status === 'mismatch')) {
    const fixable = check.actual !== null && (typeof check.actual === 'number' || typeof check.actual === 'boolean');
    findings.push({
      id: `check:${check.field}`,
      level: 'blocker',
      configPath: check.field,
      ...(check.tensor ? { tensor: check.tensor } : {}),
      message: `${check.field}: config says ${JSON.stringify(check.expected)}, the weights say ${JSON.stringify(check.actual)}${check.tensor ? ` (${check.tensor})` : ''}`,
      ...(fixable ? { fix: { path: check.field, value: check.actual, label: `Set ${check.field} to ${JSON.stringify(check.actual)}, as the weights say` } } : {}),
    });
  }
  for (const m of report.shapeMismatches) {
    findings.push({ id: `shape:${tensorPattern(m.tensor)}`, level: 'blocker', tensor: m.tensor, message: `${m.tensor}: shape ${JSON.stringify(m.actual)}, the config (${m.fields.join(', ')}) gives ${JSON.stringify(m.expected)}` });
  }
  const mapping = report.mapping;
  if (!mapping.known) {
    findings.push({ id: 'name-map', level: 'open', message: `No name map is known for the ${mapping.baseline ?? 'chosen'} donor: map the ${report.tensorCount} tensors in weight_adapters.py by hand` });
  } else {
    for (const [pattern, names] of groupBy(mapping.unmappedCheckpoint, tensorPattern)) {
      findings.push({ id: `tensor:${pattern}`, level: 'open', acknowledgeable: true, tensor: names[0], message: `${names.length > 1 ? `${plural(names.length, 'tensor')} like ${pattern}` : names[0]}: no MAX weight takes it (acknowledge it if the model truly does not use it)` });
    }
    for (const [pattern, names] of groupBy(mapping.unfilledModel, tensorPattern)) {
      findings.push({ id: `slot:${pattern}`, level: 'open', message: `${names.length > 1 ? `${plural(names.length, 'MAX weight')} like ${pattern}` : `MAX weight ${names[0]}`}: no checkpoint tensor fills it` });
    }
  }
  const mismatches = report.checks.filter((c) => c.status === 'mismatch').length;
  const detail = `${plural(report.tensorCount, 'tensor')} in ${plural(report.files.length, 'file')}: ${plural(report.checks.length, 'cross-check')} (${mismatches} contradicted), ${mapping.known ? `${mapping.mapped} mapped onto the ${mapping.baseline} donor` : 'no name map'}`;
  return gathered(findings, detail, {
    format: report.format,
    tensorCount: report.tensorCount,
    parameterCount: report.parameterCount,
    files: report.files.map((f) => ({ name: f.name, bytes: f.bytes, headerBytes: f.headerBytes, tensorCount: f.tensorCount })),
    checks: report.checks,
    mapping: {
      baseline: mapping.baseline, known: mapping.known, mapped: mapping.mapped, unmappedCheckpoint: mapping.unmappedCheckpoint.length, unfilledModel: mapping.unfilledModel.length,
      renames: mapping.renames.length, dropped: mapping.dropped.length, fused: mapping.fused.length, tiedLmHead: mapping.tiedLmHead, strict: mapping.strict,
    },
  });
}

function groupBy(names: readonly string[], key: (name: string) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const k = key(name);
    const list = groups.get(k);
    if (list) list.push(name);
    else groups.set(k, [name]);
  }
  return groups;
}
