import { useMemo, useState } from 'react';
import { formatBytes } from '@shared/format/units';
import { formatMetric, promptLabel } from '@shared/logits/format';
import { LOGPROBS_PROBE_SERVE_FLAGS } from '@shared/logits/hooks';
import { DOCS_THRESHOLDS, logitPipelines } from '@shared/logits/thresholds';
import type { LogitsReport } from '@shared/logits/types';
import { LogitsCharts } from './LogitsCharts';
import {
  cancelComparison, chooseHookOutputs, chooseLogitsFile, compareLogitsFiles, currentPortDir, dropLogitsFiles, exportLogitsReport,
  probeServer, runLogitsHooks, setLogitsInput, stopLogitsHooks, writeLogitsScripts,
} from './logitsActions';
import { useLogitsStore, type LogitsInput } from './logitsStore';
import './logits.css';

/** The Validate-logits step: two logits files in, MAX's verdict and the evidence out. */
export function LogitsPanel() {
  const s = useLogitsStore();
  const [dragging, setDragging] = useState(false);
  const pipelines = useMemo(() => logitPipelines(), []);
  const port = currentPortDir();
  return (
    <div className="logits" data-testid="logits-panel">
      <div
        className={`lg-drop ${dragging ? 'dragging' : ''}`}
        data-testid="logits-drop"
        onDragOver={(e) => {
          e.preventDefault();
          e.stopPropagation();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          e.stopPropagation();
          setDragging(false);
          dropLogitsFiles(Array.from(e.dataTransfer.files));
        }}
      >
        <FileRow side="ref" label="REF (transformers)" input={s.ref} />
        <FileRow side="cand" label="CAND (MAX)" input={s.cand} />
        <div className="lg-hint">Drop two files here, or give their paths: MAX golden JSON, .npy, .npz, .safetensors or a JSON array.</div>
      </div>

      <div className="lg-controls">
        <label>
          Thresholds
          <select aria-label="Thresholds from" value={s.pipeline} onChange={(e) => s.set({ pipeline: e.target.value })}>
            <option value="">the docs' (KL ≤ {formatMetric(DOCS_THRESHOLDS.kl)}, cos ≤ {formatMetric(DOCS_THRESHOLDS.cosDist!)})</option>
            {pipelines.map((p) => (
              <option key={p.key} value={p.key}>
                MAX: {p.key} (KL ≤ {p.kl === null ? 'default' : formatMetric(p.kl)})
              </option>
            ))}
          </select>
        </label>
        <label>
          KL ≤
          <input aria-label="KL threshold" placeholder="from the thresholds" value={s.kl} onChange={(e) => s.set({ kl: e.target.value })} size={10} />
        </label>
        <label>
          cos ≤
          <input aria-label="Cosine threshold" placeholder="from the thresholds" value={s.cos} onChange={(e) => s.set({ cos: e.target.value })} size={10} />
        </label>
        {s.status === 'running' ? (
          <button className="button" onClick={cancelComparison}>
            Stop{s.progress ? ` (${s.progress.done}${s.progress.total ? ` / ${s.progress.total}` : ''} positions)` : ''}
          </button>
        ) : (
          <button className="button primary" onClick={() => void compareLogitsFiles()} disabled={!s.ref || !s.cand} data-testid="logits-compare">Compare</button>
        )}
      </div>

      <div className="lg-controls lg-hooks">
        <span className="lg-muted">Produce the logits:</span>
        <button className="button" onClick={() => void writeLogitsScripts()} disabled={!port} title={port ? `Write logits/max_logits.py and logits/reference_logits.py into ${port}` : 'Write the package first'}>Write scripts</button>
        {s.hookRun ? (
          <button className="button" onClick={() => void stopLogitsHooks()} data-testid="logits-stop-hooks">Stop the hook</button>
        ) : (
          <button className="button" onClick={() => void runLogitsHooks()} disabled={!port} title={port ? 'Run the MAX script, then the reference script, in the port folder; then compare their outputs' : 'Write the package first'} data-testid="logits-run-hooks">Run logits hooks</button>
        )}
        <button className="button" onClick={chooseHookOutputs} disabled={!port}>Use the hooks' outputs</button>
      </div>
      {s.scripts && (
        <div className="lg-note" data-testid="logits-scripts">
          Scripts: {[...s.scripts.written.map((f) => `${f} written`), ...s.scripts.merged.map((f) => `${f} merged with your edits`), ...s.scripts.skipped.map((f) => `${f} unchanged`), ...s.scripts.conflicts.map((c) => `${c.path}: your edits kept, the new version is ${c.newPath}`)].join('; ')}
        </div>
      )}
      {s.note && <div className="lg-note" data-testid="logits-note">{s.note}</div>}
      {s.error && <div className="lg-error" role="alert" data-testid="logits-error">{s.error}</div>}
      {s.result && <LogitsResultView />}
      <ProbeSection />
    </div>
  );
}

function FileRow({ side, label, input }: { side: 'ref' | 'cand'; label: string; input: LogitsInput | null }) {
  const [text, setText] = useState('');
  const shown = input?.kind === 'file' ? `${input.file.name} (dropped, ${formatBytes(input.file.size)})` : null;
  return (
    <div className="lg-file">
      <span className="lg-side">{label}</span>
      {shown ? (
        <span className="lg-dropped" data-testid={`logits-${side}-name`}>
          {shown}
          <button className="icon-button" aria-label={`Clear ${label}`} onClick={() => setLogitsInput(side, null)}>×</button>
        </span>
      ) : (
        <input
          aria-label={`${label} path`}
          placeholder="/abs/path/to/logits.json"
          value={input?.kind === 'path' ? input.path : text}
          onChange={(e) => {
            setText(e.target.value);
            setLogitsInput(side, e.target.value.trim() ? { kind: 'path', path: e.target.value.trim() } : null);
          }}
          data-testid={`logits-${side}-path`}
        />
      )}
      <label className="button lg-pick">
        Choose…
        <input type="file" hidden aria-label={`Choose ${label} file`} onChange={(e) => e.target.files?.[0] && chooseLogitsFile(side, e.target.files[0])} />
      </label>
    </div>
  );
}

function LogitsResultView() {
  const result = useLogitsStore((st) => st.result)!;
  const r = result.report;
  const t = r.thresholds;
  return (
    <div className="lg-result" data-testid="logits-result">
      <div className={`lg-verdict ${r.verdict}`} data-testid="logits-verdict" data-verdict={r.verdict}>
        <strong>{r.verdict === 'pass' ? 'PASS' : 'FAIL'}</strong> {r.why}
      </div>
      <div className="lg-muted" data-testid="logits-thresholds">
        Thresholds: KL ≤ {formatMetric(t.kl)}{t.cosDist === null ? '' : `, cosine distance ≤ ${formatMetric(t.cosDist)}`} ({t.source}{t.provenance ? `: ${t.provenance}` : ''}).
        {' '}Verdict as MAX's verify.py decides for LLM logits: the maximum KL over all positions; cosine beside it{r.cosOk === false ? ' (over its threshold here)' : ''}.
      </div>
      <div className="lg-muted">
        {side('REF', r.ref)} · {side('CAND', r.cand)} ·{' '}
        {result.recordedIn ? <span data-testid="logits-recorded">recorded as the validate-logits evidence of {result.recordedIn}</span> : result.computedIn === 'browser' ? 'compared in this browser (dropped files are not recorded as evidence: compare by path for that)' : 'not recorded (write the package to make a port)'}
        {' '}<button className="button link" onClick={exportLogitsReport}>Export JSON</button>
      </div>
      {r.notes.map((n, i) => <div key={i} className="lg-note">{n}</div>)}
      <Summary report={r} />
      <PromptTable report={r} />
      <LogitsCharts report={r} />
      <WorstPositions report={r} />
    </div>
  );
}

const side = (tag: string, f: LogitsReport['ref']) => `${tag} ${f.file.split(/[\\/]/).pop()}: ${f.format}${f.member ? ` (${f.member})` : ''}, ${f.dtype}, ${f.positions} × ${f.vocab.toLocaleString('en-US')}`;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function Summary({ report }: { report: LogitsReport }) {
  const s = report.summary;
  const rows: [string, string][] = [
    ['max KL', formatMetric(s.maxKl)], ['mean KL', formatMetric(s.meanKl)], ['max reverse KL', formatMetric(s.maxKlRev)],
    ['max cos dist', formatMetric(s.maxCosDist)], ['mean cos dist', formatMetric(s.meanCosDist)],
    ['MAE', formatMetric(s.mae)], ['RMSE', formatMetric(s.rmse)], ['max abs', formatMetric(s.maxAbs)],
    ['top-1', pct(s.top1Agreement)], ['top-5 overlap', pct(s.top5Agreement)], ['ref top-1 in cand top-5', pct(s.refTop1InCandTop5)],
  ];
  return (
    <dl className="lg-summary" data-testid="logits-summary">
      {rows.map(([k, v]) => (
        <div key={k}><dt>{k}</dt><dd>{v}</dd></div>
      ))}
    </dl>
  );
}

function PromptTable({ report }: { report: LogitsReport }) {
  return (
    <table className="lg-table" data-testid="logits-prompts">
      <thead>
        <tr><th>prompt</th><th>positions</th><th>avg MAE</th><th>avg cos dist</th><th>avg KL</th><th>max KL</th><th>top-1</th></tr>
      </thead>
      <tbody>
        {report.prompts.map((p) => (
          <tr key={p.prompt} className={p.maxKl > report.thresholds.kl ? 'over' : ''}>
            <td title={p.text ?? undefined}>{promptLabel(p, 60)}</td>
            <td className="num">{p.positions}</td>
            <td className="num">{formatMetric(p.mae)}</td>
            <td className="num">{formatMetric(p.avgCosDist)}</td>
            <td className="num">{formatMetric(p.avgKl)}</td>
            <td className="num">{formatMetric(p.maxKl)}</td>
            <td className="num">{pct(p.top1Agreement)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function WorstPositions({ report }: { report: LogitsReport }) {
  const tokens = useLogitsStore((st) => st.tokens);
  const tokenizer = useLogitsStore((st) => st.tokenizer);
  const show = (id: number) => (id < 0 ? '' : tokens[id] ?? `#${id}`);
  return (
    <div data-testid="logits-worst">
      <h4>Worst positions by KL {tokenizer ? <span className="lg-muted">(tokens from {tokenizer})</span> : <span className="lg-muted">(token ids: no tokenizer.json for this checkpoint)</span>}</h4>
      <table className="lg-table">
        <thead>
          <tr><th>position</th><th>KL</th><th>cos dist</th><th>REF top-5 (probability)</th><th>CAND top-5 (probability)</th></tr>
        </thead>
        <tbody>
          {report.worst.map((w) => {
            const p = report.positions[w.index];
            return (
              <tr key={w.index} data-position={w.index} className={p.top1Match ? '' : 'differs'}>
                <td>{p.index} <span className="lg-muted">(prompt {p.prompt}, step {p.step})</span></td>
                <td className="num">{formatMetric(p.kl)}</td>
                <td className="num">{formatMetric(p.cosDist)}</td>
                <td className="mono">{w.ref.ids.map((id, i) => <span key={i} className={`tok ${w.cand.ids.includes(id) ? '' : 'only'}`}>{show(id)} <small>{formatMetric(w.ref.probs[i])}</small></span>)}</td>
                <td className="mono">{w.cand.ids.map((id, i) => <span key={i} className={`tok ${w.ref.ids.includes(id) ? '' : 'only'}`}>{show(id)} <small>{formatMetric(w.cand.probs[i])}</small></span>)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ProbeSection() {
  const s = useLogitsStore();
  return (
    <details className="lg-probe">
      <summary>Quick probe of a running server (/v1/completions logprobs)</summary>
      <div className="lg-muted">
        Sends each prompt of REF (a reference golden file) with max_tokens 1, temperature 0, logprobs 5 and compares MAX's log-probability with the reference's top-1
        (within 5% is ok), as the import-model skill's compare_layers.py does. The server must run with {LOGPROBS_PROBE_SERVE_FLAGS.join(' ')}.
      </div>
      <div className="lg-controls">
        <input aria-label="Server URL" value={s.probeUrl} onChange={(e) => s.set({ probeUrl: e.target.value })} size={28} />
        <button className="button" onClick={() => void probeServer()} disabled={s.probing}>{s.probing ? 'Probing…' : 'Probe'}</button>
      </div>
      {s.probe && (
        <div data-testid="logits-probe">
          <div className={`lg-verdict ${s.probe.ok ? 'pass' : 'fail'}`}>{s.probe.detail}{s.probe.failure ? ` · ${s.probe.failure.hint}` : ''}</div>
          <table className="lg-table">
            <tbody>
              {s.probe.positions.map((p) => (
                <tr key={p.prompt} className={p.ok ? '' : 'over'}>
                  <td>{promptLabel({ prompt: p.prompt, text: p.sent }, 40)}</td>
                  <td className="num">ref {p.ref[0].logprob.toFixed(4)}{p.ref[0].text !== null ? ` ${JSON.stringify(p.ref[0].text)}` : ''}</td>
                  <td className="num">MAX {p.max.logprob.toFixed(4)} {JSON.stringify(p.max.text)}</td>
                  <td className="num">rel_diff {p.relDiff.toExponential(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
