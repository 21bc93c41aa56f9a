import { join } from 'node:path';
import { analyzeConfig } from '../../../shared/config/analyze';
import type { ConfigAnalysis } from '../../../shared/config/types';
import { parseConfigText } from '../../../shared/config/parse';
import { BringupError, badInput } from '../../../shared/errors';
import { configView, textModelType } from '../../../shared/weights/configView';
import { detectLayout } from '../../../shared/weights/layout';
import { buildWeightsReport, type WeightsRead } from '../../../shared/weights/report';
import type { WeightsReport } from '../../../shared/weights/types';
import type { SourceReader } from '../source/types';
import type { HeaderSource } from './headerSource';
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
      const text = await reader.readText(layout.index);
      if (text === null) throw badInput(`${headers.label(layout.index)}: cannot be read`);
      read = await readSafetensors(src.given, headers, { index: { file: layout.index, text }, present });
    } else {
      read = await readSafetensors(src.given, headers, { files: layout.files, present });
    }
  }

  const configText = await configRead;
  let raw: unknown = null;
  if (configText !== null) {
    const parsed = parseConfigText(configText, remote ? `${src.label}: config.json` : join(src.dir!, 'config.json'));
    if (!parsed.ok) throw badInput(parsed.message);
    raw = parsed.value;
  }
  let analysis: ConfigAnalysis | null = null;
  if (raw !== null) {
    try {
      analysis = (options.analyze ?? ((value: unknown) => analyzeConfig(value, { source: src.given })))(raw);
    } catch (err) {
      read.warnings.push(`config.json analysis failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  }
  return buildWeightsReport(read, {
    config: raw === null ? null : configView(raw),
    modelType: raw === null ? null : textModelType(raw),
    donor: analysis?.baseline.folder ?? null,
    encoding: options.encoding ?? null,
  });
}
