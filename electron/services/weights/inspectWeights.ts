import { join } from 'node:path';
import { analyzeConfig } from '../../../shared/config/analyze';
import type { ConfigAnalysis } from '../../../shared/config/types';
import { parseConfigText } from '../../../shared/config/parse';
import { BringupError, badInput } from '../../../shared/errors';
import { configView, textModelType } from '../../../shared/weights/configView';
import { detectLayout } from '../../../shared/weights/layout';
import { buildWeightsReport, prepareWeightsReport, type PreparedReport, type ReportOptions, type WeightsRead } from '../../../shared/weights/report';
import type { NameIndex, WeightsReport } from '../../../shared/weights/types';
import type { SourceReader } from '../source/types';
import { parsedHere, type HeaderSource } from './headerSource';
import { startHeaderWork } from './headerWorker';
import { localHeaderSource } from './localHeaderSource';
import { readGguf } from './readGguf';
import { readSafetensors } from './readSafetensors';
import { remoteHeaderSource } from './remoteHeaderSource';
import { resolveFileUrl } from '../hub/hubUrl';

export interface InspectOptions {
  /** The analysis engine (default `analyzeConfig`): gives the MAX donor whose names the map targets. */
  analyze?: (raw: unknown) => ConfigAnalysis;
  /** MAX encoding to size the weights at (default: the checkpoint's main dtype). */
  encoding?: string;
  /** For Hub sources: token, and a fetch to use instead of the global one (tests, the fake Hub). */
  token?: string;
  fetch?: typeof fetch;
  /** Which GGUF file to read when the folder holds several (default: the first by name). */
  ggufFile?: string;
  /** Receives the header source, to read its request count (benchmark, tests). */
  onHeaderSource?: (source: HeaderSource) => void;
}

/**
 * The weights step: reads every weight header of a checkpoint (never tensor data), validates it,
 * and cross-checks it against config.json and the MAX donor's names. Bad input (corrupt header,
 * missing shard, .bin-only checkpoint) throws BringupError('bad-input') with one line.
 */
export async function inspectWeights(reader: SourceReader, options: InspectOptions = {}): Promise<WeightsReport> {
  const src = reader.source;
  const listed = await reader.listFiles();
  const layout = detectLayout(listed.map((f) => f.path), src.label);
  const sizes = new Map(listed.map((f) => [f.path, f.size]));
  const remote = src.kind === 'hub';
  if (!remote && !src.dir) throw new BringupError('internal', `${src.label}: a local source without a folder`);
  // Remote reads go through the Hub client's fetch: its deadline, and its token only for a trusted Hub.
  const hubParams = remote && reader.remote && !options.fetch ? await reader.remote.callParams() : null;
  const doFetch = options.fetch ?? hubParams?.fetch;
  const token = options.token ?? hubParams?.accessToken;

  // config.json is read beside the weights (one round trip less for a Hub repo); its errors still come after theirs.
  const configRead = reader.readText('config.json');
  configRead.catch(() => undefined);
  let understood: Promise<Understood> | undefined;
  const understand = () => (understood ??= understandConfig(configRead, remote ? `${src.label}: config.json` : join(src.dir!, 'config.json'), options, src.given));
  // What the report can work out from the names alone, done while the headers are on their way.
  let prepared: PreparedReport | undefined;
  // A failure here is left to the report, which redoes the same work and meets it in its place.
  const onNames = async (names: readonly string[], byName: NameIndex) => {
    const config = await understand().catch(() => null);
    try {
      if (config?.report) prepared = prepareWeightsReport(names, byName, config.report);
    } catch {
      prepared = undefined;
    }
  };

  let read: WeightsRead;
  if (layout.kind === 'gguf') {
    const file = options.ggufFile ?? layout.files[0];
    if (!sizes.has(file)) throw badInput(`${src.label}: no GGUF file ${file}`);
    const uri = remote ? (reader.remote?.fileUrl(file) ?? resolveFileUrl(src.hubUrl!, src.repoId!, src.commit ?? src.revision ?? 'main', file)) : join(src.dir!, file);
    read = await readGguf(src.given, { uri, name: file, fileBytes: sizes.get(file) ?? null, fetch: doFetch, token });
    if (layout.files.length > 1 && !options.ggufFile) read.warnings.push(`${layout.files.length} GGUF files; read ${file} (others: ${layout.files.slice(1).join(', ')})`);
  } else {
    const headers = remote
      ? remoteHeaderSource({ hubUrl: src.hubUrl!, repoId: src.repoId!, revision: src.commit ?? src.revision ?? 'main', token, fetch: doFetch })
      : localHeaderSource(src.dir!);
    options.onHeaderSource?.(headers);
    const present = new Set(sizes.keys());
    if (layout.kind === 'safetensors-index') {
      // Local shards start parsing on the header worker now, while the index is read here (the
      // listing's code-unit order is the index's shard order, so results come in the order asked).
      const candidates = [...present].filter((f) => !f.includes('/') && f.endsWith('.safetensors'));
      const work = remote ? null : startHeaderWork(src.dir!, candidates, sizes.get(layout.index) ?? 0);
      try {
        const text = await reader.readText(layout.index);
        if (text === null) throw badInput(`${headers.label(layout.index)}: cannot be read`);
        read = await readSafetensors(src.given, work ?? parsedHere(headers), { index: { file: layout.index, text }, present }, { onNames });
      } finally {
        work?.close();
      }
    } else {
      read = await readSafetensors(src.given, parsedHere(headers), { files: layout.files, present });
    }
  }

  const config = await understand();
  if (config.analysisError) read.warnings.push(`config.json analysis failed: ${config.analysisError}`);
  return buildWeightsReport(read, config.report ?? { config: null, modelType: null, donor: null, encoding: options.encoding ?? null }, prepared);
}

interface Understood {
  /** The report's options from config.json, or null without one. */
  report: ReportOptions | null;
  analysisError: string | null;
}

/** config.json parsed (invalid JSON throws, naming the file) and analysed for the MAX donor, once. */
async function understandConfig(text: Promise<string | null>, label: string, options: InspectOptions, given: string): Promise<Understood> {
  const configText = await text;
  if (configText === null) return { report: null, analysisError: null };
  const parsed = parseConfigText(configText, label);
  if (!parsed.ok) throw badInput(parsed.message);
  const raw = parsed.value;
  let analysis: ConfigAnalysis | null = null;
  let analysisError: string | null = null;
  try {
    analysis = (options.analyze ?? ((value: unknown) => analyzeConfig(value, { source: given })))(raw);
  } catch (err) {
    analysisError = err instanceof Error ? err.message.split('\n')[0] : String(err);
  }
  const report: ReportOptions = { config: configView(raw), modelType: textModelType(raw), donor: analysis?.baseline.folder ?? null, encoding: options.encoding ?? null };
  return { report, analysisError };
}
