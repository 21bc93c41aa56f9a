import type { Diagnostic } from '@shared/config/types';
import { revealRequests } from '../port/revealRequests';

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/** The analysis's diagnostics; clicking one reveals its field. */
export function ProblemsPanel({ diagnostics, parseError }: { diagnostics: Diagnostic[]; parseError: string | null }) {
  const sorted = [...diagnostics].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  if (parseError) return <div className="problems"><div className="problem problem-error">{parseError}</div></div>;
  if (!sorted.length) return <div className="problems empty-state">No problems found in config.json.</div>;
  return (
    <ul className="problems" data-testid="problems">
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
  );
}
