import type { Diagnostic } from '@shared/config/types';
import { STEP_TITLES } from '@shared/checklist/steps';
import type { PortModel } from '../port/usePortModel';
import { revealRequests } from '../port/revealRequests';
import { FindingRow } from '../checklist/Findings';

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * What keeps each step from done (the checklist's findings, with their quick fixes), then the
 * analysis's diagnostics, or the parse error that stops it; clicking one reveals its place in config.json.
 */
export function ProblemsPanel({ model }: { model: PortModel }) {
  const parseError = model.parseError;
  if (parseError) {
    return (
      <ul className="problems" data-testid="problems">
        <li>
          <button className="problem problem-error" data-testid="problem-parse" onClick={() => revealRequests.request({ line: parseError.line, column: parseError.column })} title={`Reveal line ${parseError.line}, column ${parseError.column}`}>
            <span className="problem-severity">error</span>
            <span className="problem-message">{parseError.message.replace(/^[^:]*:\d+:\d+: /, '')}</span>
            <span className="problem-meta">config.json {parseError.line}:{parseError.column} · json-parse</span>
          </button>
        </li>
      </ul>
    );
  }
  const sorted: Diagnostic[] = [...(model.analysis?.diagnostics ?? [])].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const steps = model.problemSteps
    .map((s) => ({ step: s, findings: s.findings.filter((f) => f.id !== 'result' && f.level !== 'note' && f.level !== 'todo' && !f.acknowledged) }))
    .filter((s) => s.findings.length);
  if (!sorted.length && !steps.length) return <div className="problems empty-state">No problems found.</div>;
  return (
    <div className="problems" data-testid="problems">
      {steps.map(({ step, findings }) => (
        <section key={step.id} className="problem-step" data-testid={`problems-${step.id}`}>
          <h4>{STEP_TITLES[step.id]}: {findings.length} to settle</h4>
          <ul className="findings">
            {findings.map((f) => <FindingRow key={f.id} step={step.id} finding={f} canAcknowledge={!!model.port} />)}
          </ul>
        </section>
      ))}
      {sorted.length > 0 && (
        <ul data-testid="diagnostics">
          {sorted.map((d, i) => (
            <li key={`${d.code}-${d.path}-${i}`}>
              <button className={`problem problem-${d.severity}`} onClick={() => d.path && revealRequests.request(d.path)} title={d.path ? `Reveal ${d.path}` : undefined}>
                <span className="problem-severity">{d.severity}</span>
                <span className="problem-message">{d.message}</span>
                <span className="problem-meta">{d.path || 'config.json'} · {d.code}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** How many entries the Problems tab lists (its label). */
export function problemCount(model: PortModel): number {
  if (model.parseError) return 1;
  const findings = model.problemSteps.reduce((n, s) => n + s.findings.filter((f) => f.id !== 'result' && f.level !== 'note' && f.level !== 'todo' && !f.acknowledged).length, 0);
  return findings + (model.analysis?.diagnostics.length ?? 0);
}
