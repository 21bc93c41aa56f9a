import type { CheckStatus, WeightsReport } from '@shared/weights/types';
import { sortChecks } from './breakdown';
import { revealRequests } from '../port/revealRequests';
import { formatShape, formatValue } from './format';
import { useWeightsStore } from './weightsStore';

const ICON: Record<CheckStatus, string> = { mismatch: '✕', missing: '?', ok: '✓' };

/** Reveals a finding on both sides: the config field in the editors, the tensor in the table. */
function revealFinding(field: string | null, tensor: string | null) {
  if (field) revealRequests.request(field);
  if (tensor) useWeightsStore.getState().revealTensor(tensor);
}

/** The config-vs-weights cross-check: "config says X, weights say Y", one row per check. */
export function CrossCheck({ report }: { report: WeightsReport }) {
  const checks = sortChecks(report.checks);
  const counts = { mismatch: 0, missing: 0, ok: 0 };
  for (const c of report.checks) counts[c.status]++;
  return (
    <div className="crosscheck" data-testid="crosscheck">
      <div className="cc-summary">
        {report.checks.length ? (
          <>
            <span className={counts.mismatch ? 'state-blocked' : 'state-done'}>{counts.mismatch} mismatch{counts.mismatch === 1 ? '' : 'es'}</span>
            {' · '}
            <span className={counts.missing ? 'cc-warn' : 'muted'}>{counts.missing} unchecked</span>
            {' · '}
            <span className="muted">{counts.ok} agree</span>
            {report.family && <span className="muted"> · {report.family} shapes · config.json on disk</span>}
          </>
        ) : (
          <span className="muted">No config-vs-weights checks for this checkpoint.</span>
        )}
      </div>
      <ul className="cc-list" aria-label="Cross-check findings">
        {checks.map((c, i) => (
          <li key={`${c.field}:${i}`}>
            <button
              className={`cc-row cc-${c.status}`}
              data-field={c.field}
              data-status={c.status}
              onClick={() => revealFinding(c.field, c.tensor)}
              title={c.message}
            >
              <span className="cc-icon" aria-label={c.status}>{ICON[c.status]}</span>
              <span className="mono cc-field">{c.field}</span>
              <span className="cc-says">
                config says <b className="mono">{formatValue(c.expected)}</b>
                {c.origin && c.origin !== 'config' && <span className="muted"> ({c.origin})</span>}
              </span>
              <span className="cc-says">
                weights say <b className="mono">{formatValue(c.actual)}</b>
              </span>
              <span className="mono muted cc-tensor">{c.tensor ?? 'no tensor'}</span>
              <span className="cc-message">{c.message}</span>
            </button>
          </li>
        ))}
      </ul>
      {report.shapeMismatches.length > 0 && (
        <>
          <h3 className="section-title">Shapes that differ from the config ({report.shapeMismatches.length})</h3>
          <ul className="cc-list">
            {report.shapeMismatches.map((m) => (
              <li key={m.tensor}>
                <button className="cc-row cc-mismatch cc-shape" onClick={() => revealFinding(m.fields[0] ?? null, m.tensor)} title={`from ${m.fields.join(', ')}`}>
                  <span className="cc-icon">✕</span>
                  <span className="mono cc-field">{m.tensor}</span>
                  <span className="cc-says">config implies <b className="mono">{formatShape(m.expected.map((d) => d ?? Number.NaN)).replace(/NaN/g, '?')}</b></span>
                  <span className="cc-says">weights have <b className="mono">{formatShape(m.actual)}</b></span>
                  <span className="mono muted cc-tensor">{m.fields.join(', ')}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {report.warnings.length > 0 && (
        <ul className="cc-warnings" aria-label="Warnings">
          {report.warnings.map((w, i) => <li key={i} className="cc-warn">⚠ {w}</li>)}
        </ul>
      )}
    </div>
  );
}
