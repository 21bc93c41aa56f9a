import { lazy, Suspense } from 'react';
import type { RunRecord } from '@shared/project/schema';
import { CopyButton } from '../../app/CopyButton';
import { shellLine } from '../../app/shellLine';
import { usePortStore } from '../port/portStore';
import type { PortModel } from '../port/usePortModel';
import { PackageResult } from '../project/PackageActions';
import { FindingRow } from './Findings';
import { stepDetail } from './stepSummary';

// The Serve panel (xterm.js, the file peek's Monaco) loads when the step is first shown, not with the first screen.
const ServePanel = lazy(() => import('../serve/ServePanel').then((m) => ({ default: m.ServePanel })));
// The logits view (chart.js, a Web Worker) likewise.
const LogitsPanel = lazy(() => import('../logits/LogitsPanel').then((m) => ({ default: m.LogitsPanel })));

/** The selected step: its state and why, the evidence it rests on (when, which inputs), and every finding. */
export function StepDetail({ model }: { model: PortModel }) {
  const active = usePortStore((s) => s.activeStep);
  const step = model.steps.find((s) => s.id === active)!;
  const evidence = step.evidence;
  const findings = step.findings.filter((f) => f.id !== 'result');
  const inputs = evidence ? Object.keys(evidence.inputs) : [];
  return (
    <div className="step-panel" data-testid="step-detail">
      <h3>{step.title}</h3>
      <p className={`state state-${step.state}`} data-testid="step-state">{stepDetail(step)}</p>
      {evidence && model.port && (
        <p className="muted evidence-line" data-testid="step-evidence">
          Evidence recorded {new Date(evidence.at).toLocaleString()} from {inputs.length} input{inputs.length === 1 ? '' : 's'}
          {step.changed.length > 0 && <> · changed since: <span className="mono">{step.changed.join(', ')}</span></>}
        </p>
      )}
      {!model.port && <p className="muted">Not written yet: these steps come from the live preview. Write the port (Ctrl+S) to record its evidence.</p>}
      {(active === 'register' || active === 'build-layers') && <PackageResult />}
      {active === 'serve' && model.port && <Suspense fallback={<p className="muted">Loading the Serve panel…</p>}><ServePanel /></Suspense>}
      {active === 'validate-logits' && <Suspense fallback={<p className="muted">Loading the logits view…</p>}><LogitsPanel /></Suspense>}
      {(active === 'serve' || active === 'validate-logits') && model.port && <RunHistory runs={model.port.project.runs} step={active} />}
      {findings.length > 0 && (
        <ul className="findings" data-testid="findings">
          {findings.map((f) => <FindingRow key={f.id} step={step.id} finding={f} canAcknowledge={!!model.port} />)}
        </ul>
      )}
      {active === 'serve' && !model.port && model.generated && <ServeCommand args={model.generated.serveCommand} port={model.port} />}
    </div>
  );
}

/** PORTING.md's `max serve` line, with the checkpoint and the written package filled in where known, to copy. */
function ServeCommand({ args, port }: { args: string[]; port: PortModel['port'] }) {
  const checkpoint = usePortStore((s) => s.checkpoint);
  // A written port serves its serve folder (config.json naming the registered name) and its own package.
  const modelPath = port?.status.servePath ?? (checkpoint?.kind === 'hub' ? checkpoint.repoId : checkpoint?.kind === 'local' || checkpoint?.kind === 'cache' ? checkpoint.dir : null);
  const filled = args.map((a) => {
    if (a === '<checkpoint>' && modelPath) return modelPath;
    if (a.startsWith('<abs path>/') && port) return `${port.dir}/${port.project.packageName}`;
    return a;
  });
  const line = shellLine(filled);
  return (
    <div className="serve-command">
      <div className="command-row">
        <pre className="mono command" data-testid="serve-command">{line}</pre>
        <CopyButton text={line} testId="copy-serve-command" />
      </div>
      <p className="muted">
        {filled.includes('<checkpoint>') ? 'Replace <checkpoint> with the checkpoint folder or repo id. ' : ''}
        {filled.some((a) => a.startsWith('<abs path>')) ? 'Write the package first to fill in its folder. ' : ''}
        If the package registers a name other than architectures[0], pass a checkpoint folder whose config.json names it.
      </p>
    </div>
  );
}

/** The port's recorded runs of this step's hooks (serve, or the logits scripts), newest first, as they were. */
function RunHistory({ runs, step }: { runs: RunRecord[]; step: 'serve' | 'validate-logits' }) {
  const mine = runs.filter((r) => (step === 'serve' ? r.hook.startsWith('serve') : /logits/.test(r.hook))).reverse();
  if (!mine.length) return <p className="muted">No run recorded yet.</p>;
  return (
    <table className="fields run-history" data-testid="run-history">
      <thead><tr><th>Run</th><th>Started</th><th>Ended</th><th>Exit</th><th>Log</th></tr></thead>
      <tbody>
        {mine.slice(0, 20).map((r) => (
          <tr key={r.id} data-run={r.id}>
            <td className="mono">{r.id}</td>
            <td>{new Date(r.startedAt).toLocaleString()}</td>
            <td>{r.endedAt ? new Date(r.endedAt).toLocaleString() : 'running'}</td>
            <td>{r.exitCode ?? ''}</td>
            <td className="mono">{r.log}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
