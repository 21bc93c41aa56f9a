import type { Diagnostic } from '@shared/config/types';
import { revealRequests } from '../port/revealRequests';
import type { ConfigParseError } from '../port/usePortModel';

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/** The analysis's diagnostics, or the parse error that stops it; clicking one reveals its place in config.json. */
export function ProblemsPanel({ diagnostics, parseError }: { diagnostics: Diagnostic[]; parseError: ConfigParseError | null }) {
  if (parseError) {
    return (
      <ul className="problems" data-testid="problems">
        <li>
          <button className="problem problem-error" onClick={() => revealRequests.request({ line: parseError.line, column: parseError.column })} title={`Reveal line ${parseError.line}, column ${parseError.column}`}>
            <span className="problem-severity">error</span>
            <span className="problem-message">{parseError.message.replace(/^[^:]*:\d+:\d+: /, '')}</span>
            <span className="problem-meta">config.json {parseError.line}:{parseError.column} · json-parse</span>
          </button>
        </li>
      </ul>
    );
  }
  const sorted = [...diagnostics].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
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
