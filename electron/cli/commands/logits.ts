import { BringupError } from '../../../shared/errors';
import { formatMetric, promptLabel } from '../../../shared/logits/format';
import type { LogitsReport } from '../../../shared/logits/types';
import { compareFiles } from '../../services/logits/compareFiles';
import { jsonOption, listWithLimit, printJson, strictOption, stringOption, type CliCommand, type CliIo } from '../command';
import { EXIT } from '../run';

/** `bringup logits REF CAND [--json] [--strict] [--port DIR] [--kl-threshold X] [--cos-threshold X] [--pipeline NAME] [--encoding E]`. */
export const logitsCommand: CliCommand = {
  name: 'logits',
  summary: "Compare two logits files position by position with MAX's metrics and thresholds (KL, cosine, MAE, top-k)",
  usage: 'bringup logits REF CAND [--json] [--strict] [--port DIR] [--kl-threshold X] [--cos-threshold X] [--pipeline NAME] [--encoding E]',
  arguments: {
    REF: 'the reference logits (the transformers run): MAX golden JSON, .npy, .npz, .safetensors or a JSON array',
    CAND: 'the candidate logits (the MAX run), in any of the same formats',
  },
  options: {
    ...jsonOption,
    ...strictOption,
    port: { type: 'string', value: 'DIR', description: "record the result as the port's validate-logits evidence (files hashed, with the package and config)" },
    'kl-threshold': { type: 'string', value: 'X', description: 'max KL(ref ‖ cand) that passes (default: the --pipeline entry, else the docs\' 1e-2)' },
    'cos-threshold': { type: 'string', value: 'X', description: 'max cosine distance, reported beside the verdict (default: the --pipeline entry, else the docs\' 1e-3)' },
    pipeline: { type: 'string', value: 'NAME', description: "take the thresholds MAX's logit verification config gives this pipeline (its entry name or HF id)" },
    encoding: { type: 'string', value: 'E', description: 'with --pipeline: the entry for this encoding (bfloat16, float32, q4_k ...)' },
  },
  async run(ctx) {
    const { values, positionals, io, cwd } = ctx;
    if (positionals.length !== 2) throw new BringupError('usage', positionals.length < 2 ? 'give two files: REF (the reference run) and CAND (the MAX run)' : `unexpected argument ${positionals[2]}`);
    const { report, recordedIn } = await compareFiles(positionals[0], positionals[1], {
      kl: threshold(values['kl-threshold'], '--kl-threshold'),
      cosDist: threshold(values['cos-threshold'], '--cos-threshold'),
      pipeline: stringOption(values.pipeline),
      encoding: stringOption(values.encoding),
      port: stringOption(values.port),
    }, cwd);
    if (values.json) printJson(io, report);
    else printText(io, report, recordedIn);
    return values.strict === true && report.verdict === 'fail' ? EXIT.notMet : EXIT.ok;
  },
};

function threshold(value: string | boolean | string[] | undefined, flag: string): number | undefined {
  const text = stringOption(value);
  if (text === undefined) return undefined;
  const x = Number(text);
  if (!Number.isFinite(x) || x < 0 || text.trim() === '') throw new BringupError('usage', `${flag} ${text}: give a number >= 0 (e.g. 1e-2)`);
  return x;
}

const WORST_SHOWN = 5;
const PROMPTS_SHOWN = 20;

function printText(io: CliIo, r: LogitsReport, recordedIn: string | null): void {
  const lines: string[] = [];
  const side = (tag: string, f: LogitsReport['ref']) =>
    `${tag} ${f.file}: ${f.format}${f.member ? ` (${f.member})` : ''}, ${f.dtype}, ${f.positions.toLocaleString('en-US')} positions × ${f.vocab.toLocaleString('en-US')}${f.logprobs ? ', logprobs' : ''}`;
  lines.push(side('REF ', r.ref), side('CAND', r.cand), '');
  const head = `${'prompt'.padEnd(44)} ${'pos'.padStart(5)} ${'avg MAE'.padStart(9)} ${'avg cos'.padStart(9)} ${'avg KL'.padStart(9)} ${'max KL'.padStart(9)} ${'top-1'.padStart(6)}`;
  const rows = r.prompts.map((p) =>
    `${promptLabel(p, 44).padEnd(44)} ${String(p.positions).padStart(5)} ${formatMetric(p.mae).padStart(9)} ${formatMetric(p.avgCosDist).padStart(9)} ${formatMetric(p.avgKl).padStart(9)} ${formatMetric(p.maxKl).padStart(9)} ${`${Math.round(p.top1Agreement * 100)}%`.padStart(6)}`);
  lines.push(head, '-'.repeat(head.length), ...listWithLimit(rows, PROMPTS_SHOWN, ''), '');
  const s = r.summary;
  lines.push(`Overall (${s.positions} positions): max KL ${formatMetric(s.maxKl)}, mean KL ${formatMetric(s.meanKl)}, max reverse KL ${formatMetric(s.maxKlRev)}`);
  lines.push(`  cosine distance max ${formatMetric(s.maxCosDist)}, mean ${formatMetric(s.meanCosDist)}; MAE ${formatMetric(s.mae)}, RMSE ${formatMetric(s.rmse)}, max abs ${formatMetric(s.maxAbs)}`);
  lines.push(`  top-1 agreement ${pct(s.top1Agreement)}, top-5 overlap ${pct(s.top5Agreement)}, ref top-1 in cand top-5 ${pct(s.refTop1InCandTop5)}`);
  if (r.worst.length) {
    lines.push('', 'Worst positions (by KL):');
    for (const w of r.worst.slice(0, WORST_SHOWN)) {
      const p = r.positions[w.index];
      lines.push(`  ${p.index} (prompt ${p.prompt}, step ${p.step}): KL ${formatMetric(p.kl)}, cos ${formatMetric(p.cosDist)}, top-1 ref ${p.refTop1} / cand ${p.candTop1}${p.top1Match ? '' : ' (differ)'}, top-5 overlap ${p.top5Overlap}/5`);
    }
  }
  for (const note of r.notes) lines.push(`note: ${note}`);
  const t = r.thresholds;
  lines.push('', `Thresholds: KL <= ${formatMetric(t.kl)}${t.cosDist === null ? '' : `, cosine distance <= ${formatMetric(t.cosDist)}`} (${t.source}${t.provenance ? `: ${t.provenance}` : ''})`);
  lines.push(`${r.verdict === 'pass' ? 'PASS' : 'FAIL'}: ${r.why}`);
  if (recordedIn) lines.push(`Recorded as the validate-logits evidence of ${recordedIn}`);
  io.out(lines.join('\n') + '\n');
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
