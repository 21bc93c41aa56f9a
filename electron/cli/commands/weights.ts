import { toContractJson } from '../../../shared/weights/report';
import type { WeightsReport } from '../../../shared/weights/types';
import { resolveSourceArg } from '../checkpointArgs';
import { inspectWeights } from '../../services/weights/inspectWeights';
import { listWithLimit, printJson, sourceOptions, strictOption, type CliCommand, type CliIo } from '../command';
import { EXIT } from '../run';
import { formatBytes } from '../../../shared/format/units';

/** `bringup weights SOURCE [--json] [--tensors]` (CLI-CONTRACT.md). */
export const weightsCommand: CliCommand = {
  name: 'weights',
  summary: 'Read the weight headers, cross-check them against config.json and map tensor names to MAX',
  usage: 'bringup weights SOURCE [--json] [--tensors] [--strict] [--offline] [--hub-url URL]',
  arguments: { SOURCE: 'a folder holding config.json, a config.json path, or org/name[@rev] (HF cache first, then the Hub)' },
  options: {
    ...sourceOptions,
    tensors: { type: 'boolean', description: 'list every tensor (name, dtype, shape, file)' },
    ...strictOption,
  },
  async run(ctx) {
    const { values, io } = ctx;
    const { reader, token } = await resolveSourceArg(ctx);
    const report = await inspectWeights(reader, { token });
    if (values.json) printJson(io, toContractJson(report, values.tensors === true));
    else printText(io, report, values.tensors === true);
    // --strict: a config field the shapes contradict fails the run (CLI-CONTRACT.md, "Running the port").
    return values.strict === true && report.checks.some((c) => c.status === 'mismatch') ? EXIT.notMet : EXIT.ok;
  },
};

const LIST_LIMIT = 20;

function printText(io: CliIo, r: WeightsReport, withTensors: boolean): void {
  const lines: string[] = [];
  const fmt = (n: number) => n.toLocaleString('en-US');
  lines.push(`${r.source}: ${r.format}, ${r.files.length} file${r.files.length === 1 ? '' : 's'}, ${fmt(r.tensorCount)} tensors, ${fmt(r.parameterCount)} parameters, ${formatBytes(r.bytesOnDisk)} on disk`);
  lines.push(`  by dtype: ${Object.entries(r.parametersByDtype).map(([d, n]) => `${d} ${fmt(n)}`).join(', ')}`);
  const parts = Object.entries(r.components).filter(([, c]) => c.tensors > 0);
  lines.push(`  by component: ${parts.map(([k, c]) => `${k} ${fmt(c.parameters)}`).join(', ')}`);
  if (r.memory) lines.push(`  weights at ${r.memory.encoding}: ${formatBytes(r.memory.bytes)}`);
  if (r.checks.length) {
    lines.push('', `Config vs weights${r.family ? ` (${r.family} shapes)` : ''}:`);
    for (const c of r.checks) lines.push(`  ${c.status.padEnd(8)} ${c.field}: ${c.message}`);
  }
  if (r.shapeMismatches.length) {
    const capped = r.shapeMismatches.length >= 200;
    lines.push('', `Shapes that differ from the config (${r.shapeMismatches.length}${capped ? ', the first 200 found' : ''}):`);
    const shown = r.shapeMismatches.map((s) => `${s.tensor}: [${s.actual.join(', ')}], config implies [${s.expected.map((d) => d ?? '?').join(', ')}]`);
    lines.push(...listWithLimit(shown, LIST_LIMIT, '  ', '--json lists them'));
  }
  const m = r.mapping;
  lines.push('', m.known ? `Names → MAX ${m.baseline}: ${fmt(m.mapped)} mapped` : `Names → MAX: ${m.baseline ? `no name map for ${m.baseline}` : 'no MAX donor chosen'}`);
  if (m.known) {
    lines.push(`  renames: ${m.renames.map((x) => `${JSON.stringify(x.from)} → ${JSON.stringify(x.to)}`).join(', ') || 'none'}`);
    if (m.fused.length) lines.push(`  fused: ${m.fused.length} tensors stand for several MAX slots (e.g. ${m.fused[0].tensor})`);
    if (m.tiedLmHead) lines.push('  lm_head: tied to the embedding');
    if (m.dropped.length) lines.push(`  dropped on purpose: ${m.dropped.length} (e.g. ${m.dropped[0]})`);
    listSome(lines, 'unmapped checkpoint tensors', m.unmappedCheckpoint);
    listSome(lines, 'MAX slots no tensor fills', m.unfilledModel);
    if (m.strict === false && m.unmappedCheckpoint.length) lines.push('  (this donor loads with strict=False: MAX would ignore the unmapped tensors without an error)');
  }
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  if (withTensors) {
    lines.push('', 'Tensors:');
    const t = r.tensors;
    for (let i = 0; i < t.names.length; i++) lines.push(`  ${t.names[i]}  ${t.dtypes[i]}  [${t.shapes[i].join(', ')}]  ${r.files[t.files[i]].name}`);
  }
  io.out(lines.join('\n') + '\n');
}

function listSome(lines: string[], title: string, items: readonly string[]): void {
  if (!items.length) return;
  lines.push(`  ${title}: ${items.length}`, ...listWithLimit(items, LIST_LIMIT, '    '));
}

