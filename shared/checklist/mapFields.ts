/**
 * Evidence for "Map fields": every config field classified (or acknowledged), no error in the
 * analysis, and every dimension read by the package: by a fresh generation from the port's config,
 * and, once the port is written, by the file on disk (an edit that drops the line shows).
 */
import type { ConfigAnalysis, Diagnostic } from '../config/types';
import { gathered, plural, type Finding, type Gathered } from './findings';

export interface GeneratedView {
  files: ReadonlyArray<{ path: string; content: string; lines: ReadonlyArray<{ line: number; configPath: string }> }>;
  warnings: readonly Diagnostic[];
}

export interface MapFieldsInput {
  /** config.json cannot be read or parsed: the one line that says why. */
  configError?: string | null;
  analysis?: ConfigAnalysis | null;
  /** A fresh generation from the same config (its source map says which line reads which field). */
  generated?: GeneratedView | null;
  generateError?: string | null;
  /** The package files on disk by name (null: missing); absent before the port is written. */
  onDisk?: Readonly<Record<string, string | null>> | null;
}

export function gatherMapFields(input: MapFieldsInput): Gathered {
  if (input.configError) return gathered([{ id: 'config', level: 'blocker', message: input.configError }], input.configError);
  const analysis = input.analysis;
  if (!analysis) return gathered([{ id: 'config', level: 'todo', message: 'Open a checkpoint to read its config.json' }], 'No config.json read yet');
  const findings: Finding[] = [];
  for (const d of analysis.diagnostics.filter((x) => x.severity === 'error')) {
    findings.push({ id: `diagnostic:${d.code}:${d.path}`, level: 'blocker', message: d.message, ...(d.path ? { configPath: d.path } : {}) });
  }
  if (input.generateError) findings.push({ id: 'generate', level: 'blocker', message: input.generateError });
  const own = analysis.fields.filter((f) => f.origin === 'config');
  for (const f of own.filter((x) => x.category === 'unknown')) {
    findings.push({ id: `field:${f.path}`, level: 'open', acknowledgeable: true, configPath: f.path, message: `${f.path} is not in the knowledge base: check what the reference modeling code does with it` });
  }
  const generated = input.generated;
  if (generated) {
    for (const w of generated.warnings.filter((x) => x.code === 'codegen-missing-dimension')) {
      findings.push({ id: `field:${w.path}`, level: 'open', acknowledgeable: true, configPath: w.path, message: w.message });
    }
    for (const f of own.filter((x) => x.category === 'dimension')) {
      const finding = unmapped(f.path, generated, input.onDisk ?? null);
      if (finding) findings.push(finding);
    }
  }
  const mapped = own.filter((f) => f.category === 'dimension').length;
  const detail = `${plural(own.length, 'field')} classified (${plural(own.filter((f) => f.category === 'unknown').length, 'unknown')}); ${plural(mapped, 'dimension')} checked against model_config.py`;
  return gathered(findings, detail, { fields: own.length, dimensions: mapped, architecture: analysis.architecture, modelType: analysis.modelType });
}

/** A dimension no generated line reads, or whose generated line is gone from the file on disk. */
function unmapped(path: string, generated: GeneratedView, onDisk: Readonly<Record<string, string | null>> | null): Finding | null {
  const hits = generated.files.flatMap((file) => file.lines.filter((l) => l.configPath === path).map((l) => ({ file, line: l.line })));
  if (!hits.length) return { id: `dimension:${path}`, level: 'open', configPath: path, message: `${path}: no line of the generated package reads it` };
  if (!onDisk) return null;
  for (const { file, line } of hits) {
    const disk = onDisk[file.path];
    if (disk === null || disk === undefined) continue;
    const wanted = file.content.split(/\r?\n/)[line - 1]?.trim();
    if (wanted && disk.split(/\r?\n/).some((l) => l.trim() === wanted)) return null;
  }
  const { file, line } = hits[0];
  const missing = onDisk[file.path] == null;
  return {
    id: `dimension:${path}`,
    level: missing ? 'blocker' : 'open',
    acknowledgeable: !missing,
    configPath: path,
    file: file.path,
    message: missing
      ? `${file.path} is missing from the package: write the port again`
      : `${path}: the line that reads it (${file.path}:${line} of a fresh generation) is not in ${file.path} on disk`,
  };
}
