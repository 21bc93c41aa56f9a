import type { ConfigAnalysis } from '../../../shared/config/types';
import { formatBytes } from '../../../shared/format/units';
import { readAnalysedConfig, resolveSourceArg } from '../checkpointArgs';
import { printJson, sourceOptions, type CliCommand, type CliIo } from '../command';

/** `bringup analyze SOURCE [--json] [--offline] [--hub-url URL]` (CLI-CONTRACT.md). */
export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'Read config.json the way transformers does and say how to port it to MAX',
  usage: 'bringup analyze SOURCE [--json] [--offline] [--hub-url URL]',
  arguments: { SOURCE: 'a folder holding config.json, a config.json path, or org/name[@rev] (HF cache first, then the Hub)' },
  options: { ...sourceOptions },
  async run(ctx) {
    const { given, reader } = await resolveSourceArg(ctx);
    const { analysis } = await readAnalysedConfig(reader, given);
    if (ctx.values.json) printJson(ctx.io, analysis);
    else printText(ctx.io, analysis);
    return 0;
  },
};

/** The readable report: identity, baseline and why, dimensions, features, diagnostics, KV cache, parameters. */
export function printText(io: CliIo, a: ConfigAnalysis): void {
  const lines: string[] = [];
  lines.push(`${a.source}: ${a.architecture ?? '(no architectures)'}  model_type ${a.modelType ?? '(none)'}  dtype ${a.dtype ?? '(not set)'}`);
  const b = a.baseline;
  lines.push(`Baseline: ${b.match}${b.folder ? ` → ${b.folder}${b.name ? ` (${b.name})` : ''}` : ''}`, `  ${b.why}`);
  lines.push('', 'Dimensions (effective):');
  for (const [k, v] of Object.entries(a.dimensions)) {
    if (v === undefined) continue;
    const field = a.fields.find((f) => f.path === k || f.path.endsWith(`.${k}`));
    const origin = field && field.origin !== 'config' ? `  (${field.origin})` : '';
    lines.push(`  ${k.padEnd(32)} ${v === null ? 'unknown' : Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}${origin}`);
  }
  lines.push('', `Features: ${a.features.length ? a.features.join(', ') : 'none'}`);
  const q = a.quantization;
  if (q) lines.push(`Quantized weights: ${q.method}${q.weightsDtype ? `, stored as ${q.weightsDtype}` : ''}${q.scheme ? ` (${q.scheme})` : ''}  [${q.path}]`);
  const unknown = a.fields.filter((f) => f.category === 'unknown');
  if (unknown.length) lines.push(`Unknown fields (${unknown.length}): ${unknown.map((f) => f.path).join(', ')}`);
  lines.push('', `Diagnostics (${a.diagnostics.length}):`);
  for (const d of a.diagnostics) lines.push(`  ${d.severity.padEnd(7)} ${d.code}${d.path ? ` [${d.path}]` : ''}: ${d.message}`);
  lines.push('');
  if (a.kvCache) {
    lines.push(`KV cache: ${fmt(a.kvCache.bytesPerToken)} bytes/token (${a.kvCache.dtype}), ${formatBytes(a.kvCache.bytesAtMaxLength)} at max_position_embeddings`);
  } else lines.push('KV cache: unknown (a size or the dtype is missing)');
  lines.push(`Parameters (from config): ${a.parameterEstimate ? `≈ ${fmt(a.parameterEstimate)} (${(a.parameterEstimate / 1e9).toFixed(2)} B)` : 'unknown'}`);
  io.out(lines.join('\n') + '\n');
}

const fmt = (n: number) => n.toLocaleString('en-US');
