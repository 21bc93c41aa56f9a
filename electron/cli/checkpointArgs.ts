import { analyzeForPort } from '../../shared/config/analyzeForPort';
import type { ConfigAnalysis } from '../../shared/config/types';
import { BringupError, badInput } from '../../shared/errors';
import { resolveToken } from '../services/hub/token';
import { resolveSource } from '../services/source/resolveSource';
import type { SourceReader } from '../services/source/types';
import type { CliContext } from './command';

/** SOURCE and the source options every checkpoint command takes (CLI-CONTRACT.md "Sources"). */
export async function resolveSourceArg({ positionals, values, env, cwd }: CliContext): Promise<{ given: string; reader: SourceReader; token: string | undefined }> {
  const given = positionals[0];
  if (!given) throw new BringupError('usage', 'no SOURCE given: a folder, a config.json, or org/name[@rev]');
  const hubUrl = typeof values['hub-url'] === 'string' ? values['hub-url'] : undefined;
  const token = (await resolveToken(env))?.token;
  const reader = await resolveSource(given, { cwd, env, hubUrl, offline: values.offline === true, token });
  return { given, reader, token };
}

/** config.json of a resolved source, parsed and analysed; missing or invalid JSON is bad input naming file:line:column. */
export async function readAnalysedConfig(reader: SourceReader, given: string): Promise<{ config: unknown; analysis: ConfigAnalysis; files: string[] }> {
  const label = reader.source.label.replace(/\/$/, '');
  const text = await reader.readText('config.json');
  if (text === null) throw badInput(`${label}: no config.json in this checkpoint`);
  const files = (await reader.listFiles().catch(() => [])).map((f) => f.path);
  return { ...analyzeForPort(text, `${label}/config.json`, { source: given, files }), files };
}
