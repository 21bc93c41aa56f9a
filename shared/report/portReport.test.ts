import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../logits/byteSource';
import { compareLogits } from '../logits/compare';
import { evidenceData } from '../logits/evidence';
import { openLogits } from '../logits/read';
import { resolveThresholds } from '../logits/thresholds';
import { logitsRecord, serveRecord } from '../../fixtures/port/records';
import { analyzeConfig } from '../config/analyze';
import { evaluateChecklist } from '../checklist/evaluate';
import { emptyProject, type ProjectFile } from '../project/schema';
import type { PortStatus } from '../project/types';
import { renderMarkdown } from './markdown';
import { renderPortReport } from './portReport';
import { svgPlot } from './svgPlot';

const PORT = '/home/me/ports/tiny';
const AT = '2026-06-30T10:00:00.000Z';

function input(fail = false) {
  const project: ProjectFile = {
    ...emptyProject({ source: '/models/tiny', kind: 'local', dir: '/models/tiny' }, new Date(AT)),
    packageName: 'llama_for_causal_lm_port', archName: 'LlamaForCausalLMPort', maxVersion: '26.5.0.dev2026062514', files: ['model.py'], servePath: 'checkpoint',
    serveFolder: { links: 'symlink', weightPaths: [], needsDownload: false, note: 'config.json names LlamaForCausalLMPort; the other 2 entries link to /models/tiny' },
    evidence: {
      serve: { at: AT, inputs: { 'llama_for_causal_lm_port/model.py': 'c'.repeat(64) }, ok: !fail, detail: fail ? 'not ready: arch-not-found' : 'ready in 3.1 s; answered', data: serveRecord(PORT, !fail) },
      'validate-logits': { at: AT, inputs: { '/work/logits/ref.json': 'a'.repeat(64) }, ok: !fail, detail: fail ? 'fail: max KL 0.034 > 0.01' : 'pass', data: logitsRecord(fail) },
    },
    runs: [{ id: 'serve-1', hook: 'serve', argv: ['max', 'serve'], startedAt: AT, endedAt: AT, exitCode: 0, log: '.bringup/runs/serve-1.log', result: serveRecord(PORT, !fail) }],
  };
  const steps = evaluateChecklist({ evidence: project.evidence, acknowledgements: [] });
  const status: PortStatus = { port: PORT, package: project.packageName, archName: project.archName, checkpoint: '/models/tiny', servePath: `${PORT}/checkpoint`, maxVersion: project.maxVersion, steps };
  const analysis = analyzeConfig({ architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 32, num_attention_heads: 4, num_hidden_layers: 2, vocab_size: 128, 'weird<script>': 1 });
  return { status, project, analysis, configError: null, files: [{ path: 'model.py', content: '', generated: '', state: 'edited' as const, lastWrite: 'merged' as const }], generatedAt: AT, bringupVersion: '0.1.0' };
}

describe('the port report', () => {
  it('HTML: self-contained, plots as inline SVG with the threshold, every text escaped, no external reference', () => {
    const { html } = renderPortReport(input());
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('KL divergence per position');
    expect(html).toContain('class="threshold"');
    expect(html).not.toMatch(/<script|\bsrc=|\bhref=|url\(|@import/i);
    expect(html).not.toContain('weird<script>');
    expect(html).toContain('weird&lt;script&gt;');
    // The serve run and the logits tables.
    expect(html).toContain('Paris is the capital of France.');
    expect(html).toContain('The capital of France is');
    expect(html).toContain('(docs)');
  });

  it('Markdown: the same sections as tables; a failing logits run shows its verdict and worst position', () => {
    const { markdown } = renderPortReport(input(true));
    for (const heading of ['# Port report: LlamaForCausalLMPort', '## Checkpoint and package', '## Checklist', '## Config analysis', '## Serve runs', '## Logits validation', '### Per prompt', '### Worst positions', '## Package files']) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain('| Validate logits | blocked | fail: max KL 0.034 > 0.01 |');
    expect(markdown).toContain('**fail**: max KL 0.034 at position 7 > 0.01');
    expect(markdown).toMatch(/\| 7 \| 1 \| 2 \| 0\.034 \|/);
    expect(markdown).toContain('`arch-not-found` (fixed in step register)');
    expect(markdown).toContain('*KL(ref ‖ cand) per position, log scale; dashed: the threshold 0.01 (plotted in the HTML report).*');
  });

  it('a comparison as `bringup logits --port` records it: thresholds with their provenance, sha256, every prompt', async () => {
    const open = (name: string) => openLogits(memorySource(name, new Uint8Array(readFileSync(`fixtures/logits/${name}`))));
    const thresholds = resolveThresholds({ pipeline: 'meta-llama/Llama-3.1-8B-Instruct-bfloat16' });
    const report = await compareLogits(await open('ref.golden.json'), await open('cand.golden.json'), { thresholds });
    const data = JSON.parse(JSON.stringify(evidenceData(report, { ref: { path: '/w/ref.golden.json', sha256: 'd'.repeat(64) }, cand: { path: '/w/cand.golden.json', sha256: 'e'.repeat(64) } })));
    const base = input();
    const evidence = { ...base.project.evidence, 'validate-logits': { at: AT, inputs: {}, ok: report.verdict === 'pass', detail: report.why, data } };
    const steps = evaluateChecklist({ evidence, acknowledgements: [] });
    const { markdown } = renderPortReport({ ...base, project: { ...base.project, evidence }, status: { ...base.status, steps } });
    const section = markdown.slice(markdown.indexOf('## Logits validation'), markdown.indexOf('## Package files'));
    expect(section).toContain(`**${report.verdict}**: ${report.why.split(' <=')[0]} \\<=`);
    expect(section).toContain('| KL threshold | 0.04 (max:meta-llama/Llama-3.1-8B-Instruct@bfloat16) |');
    expect(section).toContain('| Cosine distance threshold | 0.025 |');
    expect(section).toContain(`| Thresholds from | ${thresholds.provenance!.replaceAll("_", "\\_")} |`);
    expect(section).toContain('sha256 dddddddddddddddd');
    const perPrompt = section.slice(section.indexOf('### Per prompt'), section.indexOf('### Per position'));
    expect(perPrompt.match(/^\| [0-9]+ \| /gm)).toEqual(['| 0 | ', '| 1 | ', '| 2 | ', '| 3 | ']);
    // MAX's long first prompt is cut in the table (the golden files hold it whole).
    expect(section).toMatch(/^\| 0 \| One of the most important aspects of performance benchmarking .{0,80}… \| 3 \|/m);
  });

  it('Markdown escapes what would be syntax: pipes in cells, backticks in code', () => {
    const md = renderMarkdown([{ kind: 'table', head: ['a'], rows: [['x | y']] }, { kind: 'paragraph', text: [{ code: 'a`b' }] }]);
    expect(md).toContain('| x \\| y |');
    expect(md).toContain('``a`b``');
  });

  it('a plot keeps the largest value of each bucket of a long series, and says when nothing is finite', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => (i === 6789 ? 5 : 1e-6));
    const svg = svgPlot({ title: 't', values, threshold: 0.01, log: true, xLabel: 'x', yLabel: 'y' });
    const points = /points="([^"]+)"/.exec(svg)![1].split(' ');
    expect(points.length).toBeLessThanOrEqual(1500);
    const ys = points.map((p) => Number(p.split(',')[1]));
    expect(Math.min(...ys)).toBeLessThan(Math.max(...ys)); // the spike survived
    expect(svgPlot({ title: 't', values: [Number.NaN], xLabel: 'x', yLabel: 'y' })).toContain('no finite values');
  });
});
