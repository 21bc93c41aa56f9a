import { useEffect, useState } from 'react';
import { formatBytes } from '@shared/format/units';
import { maxMemoryFigures, type FitReport } from '@shared/serve/fit';
import { describeHolder, formatMs } from '@shared/serve/format';
import { SMOKE_PROMPTS } from '@shared/serve/smoke';
import { STEP_TITLES } from '@shared/checklist/steps';
import type { RunStatus, ServeFailure, ServePlan } from '@shared/serve/types';
import { selectStep } from '../checklist/selectStep';
import { usePortStore } from '../port/portStore';
import { portDirFor, useProjectStore } from '../project/projectStore';
import { DoctorSection } from '../doctor/DoctorSection';
import { HooksSection } from '../hooks/HooksSection';
import { FilePeekDialog } from './FilePeekDialog';
import { LogTerminal } from './LogTerminal';
import { followServeEvents, openFailureLine, refreshPlan, savePortSettings, sendSmoke, startServe, stopServe, switchToPort } from './serveActions';
import { useServeStore } from './serveStore';

const STATE_LABEL: Record<RunStatus['state'], string> = { starting: 'starting', loading: 'loading', ready: 'ready', failed: 'failed', stopping: 'stopping', exited: 'stopped' };

/** The Serve step: run `max serve` for the written port, watch it come up, ask it something, stop it. */
export function ServePanel() {
  const source = usePortStore((s) => s.checkpoint?.source ?? null);
  const dir = useProjectStore((s) => portDirFor(s, source));
  if (!dir) return <p className="muted" data-testid="serve-panel">Serving needs a port folder: write the package first (Write, above the generated files).</p>;
  return <ServeForPort dir={dir} />;
}

function ServeForPort({ dir }: { dir: string }) {
  const plan = useServeStore((s) => s.plans[dir]);
  const planError = useServeStore((s) => s.planErrors[dir]);
  const runId = useServeStore((s) => s.shown[dir]);
  const run = useServeStore((s) => (runId ? s.runs[runId] : undefined));
  const busy = useServeStore((s) => s.busy);
  const error = useServeStore((s) => s.error);
  const portField = useServeStore((s) => s.portField[dir] ?? '');
  const [logitsProbe, setLogitsProbe] = useState(false);

  useEffect(() => {
    followServeEvents();
    void refreshPlan(dir);
  }, [dir]);

  const running = !!run && run.endedAt === null && run.state !== 'failed';
  return (
    <div className="serve-panel" data-testid="serve-panel">
      <div className="serve-controls">
        <label className="serve-field">
          HTTP port
          <input
            value={portField}
            placeholder={plan ? String(plan.httpPort) : '8000'}
            onChange={(e) => useServeStore.getState().setPortField(dir, e.target.value.replace(/[^\d]/g, ''))}
            onBlur={() => void refreshPlan(dir)}
            aria-label="HTTP port"
            inputMode="numeric"
          />
        </label>
        <label className="serve-check" title="Serve with --no-enable-overlap-scheduler --force: the logits HTTP probe needs logprobs">
          <input type="checkbox" checked={logitsProbe} onChange={(e) => setLogitsProbe(e.target.checked)} /> for the logits probe
        </label>
        {running ? (
          <button className="button" disabled={busy || run.state === 'stopping'} onClick={() => void stopServe(run.runId)} data-testid="serve-stop">
            {run.state === 'stopping' ? 'Stopping…' : 'Stop'}
          </button>
        ) : (
          <button className="button primary" disabled={busy || !plan || !plan.argv} onClick={() => void startServe(dir, { logitsProbe })} data-testid="serve-start">
            Start
          </button>
        )}
        {run && (
          <span className={`serve-state serve-state-${run.state}`} data-testid="serve-state" data-state={run.state}>
            {STATE_LABEL[run.state]}
            {run.ready && run.readyAfterMs !== null ? ` in ${formatMs(run.readyAfterMs)}` : ''}
            {run.url ? ` · ${run.url}` : ''}
          </span>
        )}
      </div>
      {error && <div className="problem problem-error" role="alert">{error}</div>}
      {planError && <div className="problem problem-error" role="alert">{planError}</div>}
      {plan && <PlanSummary plan={plan} dir={dir} />}
      {run?.failure && <FailureCard failure={run.failure} dir={dir} fit={plan?.fit ?? null} />}
      {run && run.notices.length > 0 && (
        <ul className="serve-notices">
          {run.notices.map((n, i) => (
            <li key={i}><span className="mono">{n.line.trim()}</span> <span className="muted">{n.hint}</span></li>
          ))}
        </ul>
      )}
      {run && <PhaseList run={run} />}
      {run?.ready && run.endedAt === null && <SmokeBox run={run} smokeApi={plan?.smokeApi ?? 'completions'} />}
      {run && <LogTerminal key={run.runId} runId={run.runId} dir={dir} />}
      <HooksSection dir={dir} />
      <DoctorSection dir={dir} onSaved={() => void refreshPlan(dir)} />
      <FilePeekDialog />
    </div>
  );
}

function PlanSummary({ plan, dir }: { plan: ServePlan; dir: string }) {
  const [maxBin, setMaxBin] = useState('');
  const check = plan.portCheck;
  return (
    <div className="serve-plan">
      {plan.argvError ? (
        <div className="problem problem-error" role="alert">
          {plan.argvError}
          {!plan.maxBin && (
            <form className="serve-inline-form" onSubmit={(e) => (e.preventDefault(), void savePortSettings(dir, { maxBin: maxBin.trim() || null }))}>
              <input value={maxBin} onChange={(e) => setMaxBin(e.target.value)} placeholder="/path/to/max" aria-label="max executable" spellCheck={false} />
              <button className="button" type="submit">Use this max</button>
            </form>
          )}
        </div>
      ) : (
        <p className="mono serve-argv" title="The Serve hook's arguments as they will run (one array, no shell)" data-testid="serve-argv">{plan.argv!.join(' ')}</p>
      )}
      {!check.free && (
        <div className="problem problem-warning" role="alert" data-testid="serve-port-taken">
          Port {check.port} is held by {describeHolder(check.holder)}.
          {plan.freePort && (
            <button className="button" onClick={() => void switchToPort(dir, plan.freePort!)} data-testid="serve-use-free-port">Use port {plan.freePort}</button>
          )}
        </div>
      )}
      {plan.notes.map((n, i) => <p key={i} className="muted">{n}</p>)}
      <FitCard fit={plan.fit} />
    </div>
  );
}

const VERDICT: Record<FitReport['verdict'], string> = {
  fits: 'fits',
  'fewer-requests': 'fits, with fewer concurrent requests',
  'max-length-too-long': 'starts, but a full-length request does not fit',
  'no-kv-page': 'does not fit: no KV-cache page',
  'no-room-for-kv': 'does not fit: no room for the KV cache',
  'weights-too-large': 'does not fit: weights too large',
  unknown: 'unknown',
};

function FitCard({ fit, max }: { fit: FitReport; max?: Record<string, number> }) {
  const n = fit.numbers;
  const rows: [string, string][] = [
    ['weights', n.weightsBytes === null ? 'unknown' : formatBytes(n.weightsBytes)],
    ['free memory', n.freeBytes === null ? 'unknown' : `${formatBytes(n.freeBytes)} (${fit.device?.label ?? '?'}, ${fit.device?.source ?? ''})`],
    ['KV budget', n.kvBudgetBytes === null ? '–' : `${formatBytes(n.kvBudgetBytes)} (${Math.round(n.deviceMemoryUtilization * 100)}% of free, minus weights)`],
    ['KV per token', n.kvBytesPerToken === null ? 'unknown' : formatBytes(n.kvBytesPerToken)],
    ['KV wanted', n.kvWantedBytes === null ? '–' : `${formatBytes(n.kvWantedBytes)} (${n.maxBatchSize} × ${n.maxLength} tokens)`],
  ];
  return (
    <details className={`serve-fit serve-fit-${fit.verdict}`} data-testid="serve-fit" open={fit.verdict !== 'fits' && fit.verdict !== 'unknown'}>
      <summary>Will it fit? <strong>{VERDICT[fit.verdict]}</strong></summary>
      <p>{fit.summary}</p>
      <dl className="serve-numbers">
        {rows.map(([k, v]) => [<dt key={`${k}-t`}>{k}</dt>, <dd key={`${k}-d`}>{v}</dd>])}
        {max && Object.entries(max).map(([k, v]) => [<dt key={`max-${k}`}>MAX: {k}</dt>, <dd key={`max-${k}-d`}>{formatBytes(v)}</dd>])}
      </dl>
      {fit.suggestions.length > 0 && (
        <ul>
          {fit.suggestions.map((s, i) => <li key={i}><code>{s.flags.join(' ')}</code>: {s.why}</li>)}
        </ul>
      )}
      {fit.unknowns.length > 0 && <p className="muted">Not counted: {fit.unknowns.join('; ')}.</p>}
    </details>
  );
}

function FailureCard({ failure, dir, fit }: { failure: ServeFailure; dir: string; fit: FitReport | null }) {
  const frame = failure.packageFrame;
  return (
    <div className="serve-failure" role="alert" data-testid="serve-failure" data-code={failure.code}>
      <div className="serve-failure-head">
        <strong>{failure.code}</strong>
        <span>fix in</span>
        <button className="button" onClick={() => selectStep(failure.step)} data-testid="serve-failure-step">{STEP_TITLES[failure.step]}</button>
      </div>
      <p className="mono serve-failure-line">{failure.line}</p>
      <p>{failure.hint}</p>
      {frame && (
        <p>
          In the package:{' '}
          <button className="link-button mono" onClick={() => void openFailureLine(dir, frame)} data-testid="serve-failure-frame">
            {frame.file}:{frame.line}
          </button>
          {frame.source && <code> {frame.source}</code>}
          {frame.exception && <span className="muted"> — {frame.exception}</span>}
        </p>
      )}
      {failure.holder !== undefined && failure.freePort && (
        <button className="button" onClick={() => void switchToPort(dir, failure.freePort!)}>Use port {failure.freePort}</button>
      )}
      {failure.code === 'out-of-memory' && fit && <FitCard fit={fit} max={maxMemoryFigures(failure.figures ?? {})} />}
      {failure.lastLines && failure.lastLines.length > 0 && (
        <pre className="serve-last-lines">{failure.lastLines.join('\n')}</pre>
      )}
    </div>
  );
}

function PhaseList({ run }: { run: RunStatus }) {
  return (
    <ol className="serve-phases" data-testid="serve-phases">
      {run.phases.map((p) => (
        <li key={p.id} data-phase={p.id} title={p.line}>
          <span>{p.label}</span> <span className="muted">+{formatMs(p.atMs)}</span>
        </li>
      ))}
    </ol>
  );
}

function SmokeBox({ run, smokeApi }: { run: RunStatus; smokeApi: 'chat' | 'completions' }) {
  const smoke = useServeStore((s) => (s.smoke?.runId === run.runId ? s.smoke : null));
  const [prompt, setPrompt] = useState('');
  return (
    <div className="serve-smoke" data-testid="serve-smoke">
      <div className="serve-smoke-prompts">
        <span className="muted">{smokeApi === 'chat' ? 'Chat' : 'Completion'} with {run.servedModel ?? 'the served model'}:</span>
        {SMOKE_PROMPTS[smokeApi].map((p) => (
          <button key={p} className="chip" disabled={smoke?.running} onClick={() => void sendSmoke(run.runId, p)}>{p}</button>
        ))}
      </div>
      <form className="serve-inline-form" onSubmit={(e) => (e.preventDefault(), void sendSmoke(run.runId, prompt))}>
        <input value={prompt} onChange={(e) => setPrompt(e.target.value)} placeholder="Your own prompt" aria-label="Smoke prompt" />
        <button className="button primary" type="submit" disabled={smoke?.running} data-testid="serve-smoke-send">Send</button>
      </form>
      {smoke && (
        <div className="serve-answer">
          <p className="mono" data-testid="serve-smoke-text">{smoke.text || (smoke.running ? '…' : '')}</p>
          {smoke.result?.ok && (
            <p className="muted" data-testid="serve-smoke-stats">
              {smoke.result.completionTokens} tokens · first after {formatMs(smoke.result.ttftMs)} · {smoke.result.tokensPerSecond ?? '–'} tokens/s
            </p>
          )}
          {smoke.error && <p className="problem problem-error">{smoke.error}</p>}
        </div>
      )}
    </div>
  );
}
