import type { WeightsReport } from '@shared/weights/types';
import { formatInt } from './format';
import { useWeightsStore } from './weightsStore';

const LIST_CAP = 200;

function showInTable(tensor: string) {
  const s = useWeightsStore.getState();
  s.setSection('tensors');
  s.revealTensor(tensor);
}

function TensorList({ title, names, tone, testId, clickable = true }: { title: string; names: string[]; tone?: 'err' | 'warn'; testId: string; clickable?: boolean }) {
  return (
    <section className="nm-section" data-testid={testId}>
      <h3 className={`section-title ${names.length && tone ? `nm-${tone}` : ''}`}>{title} ({formatInt(names.length)})</h3>
      {names.length === 0 ? (
        <p className="nm-none muted">None.</p>
      ) : (
        <ul className="nm-list">
          {names.slice(0, LIST_CAP).map((n) => (
            <li key={n}>
              {clickable ? (
                <button className="nm-name mono" onClick={() => showInTable(n)} title="Show in the tensor table">{n}</button>
              ) : (
                <span className="nm-name mono">{n}</span>
              )}
            </li>
          ))}
          {names.length > LIST_CAP && <li className="muted">… and {formatInt(names.length - LIST_CAP)} more</li>}
        </ul>
      )}
    </section>
  );
}

/** Checkpoint names → MAX names: what maps, what is left over on each side, and what MAX does with leftovers. */
export function NameMap({ report }: { report: WeightsReport }) {
  const m = report.mapping;
  if (!m.baseline) {
    return <div className="empty-state">No MAX donor architecture for this checkpoint, so there is no name map to check against.</div>;
  }
  if (!m.known) {
    return <div className="empty-state">The knowledge base has no weight-name map for MAX's {m.baseline}: tensor names are not checked.</div>;
  }
  const unmapped = m.unmappedCheckpoint.length;
  return (
    <div className="namemap" data-testid="namemap">
      <div className="nm-head">
        <span>
          Names → MAX <b className="mono">{m.baseline}</b>: <b>{formatInt(m.mapped)}</b> mapped
          {unmapped ? <span className="state-blocked"> · {formatInt(unmapped)} unmapped</span> : <span className="state-done"> · none left unmapped</span>}
          {m.unfilledModel.length > 0 && <span className="state-blocked"> · {formatInt(m.unfilledModel.length)} MAX weights unfilled</span>}
        </span>
        <span className="muted">lm_head: {m.tiedLmHead ? 'tied to the embedding (no tensor of its own)' : 'its own tensor'}</span>
      </div>
      {m.strict === false && (
        <div className={`nm-strict ${unmapped ? 'nm-strict-bad' : ''}`} role={unmapped ? 'alert' : 'note'} data-testid="strict-warning">
          ⚠ MAX's {m.baseline} loads weights with <code>strict=False</code>: a checkpoint tensor the adapter does not rename onto a model
          weight is ignored without any error. {unmapped ? `The ${formatInt(unmapped)} unmapped tensor${unmapped === 1 ? '' : 's'} below would be silently dropped.` : 'Every tensor maps today; keep it that way when you edit weight_adapters.py.'}
        </div>
      )}
      <div className="nm-grid">
        <TensorList title="Unmapped checkpoint tensors" names={m.unmappedCheckpoint} tone="err" testId="nm-unmapped" />
        <TensorList title="MAX weights no tensor fills" names={m.unfilledModel} tone="err" testId="nm-unfilled" clickable={false} />
        <section className="nm-section">
          <h3 className="section-title">Renames ({m.renames.length})</h3>
          {m.renames.length ? (
            <table className="nm-renames">
              <tbody>
                {m.renames.map((r, i) => (
                  <tr key={i}><td className="mono">{JSON.stringify(r.from)}</td><td>→</td><td className="mono">{JSON.stringify(r.to)}</td></tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="nm-none muted">Names are used as they are.</p>
          )}
        </section>
        <section className="nm-section">
          <h3 className="section-title">Fused ({m.fused.length})</h3>
          {m.fused.length ? (
            <ul className="nm-list">
              {m.fused.slice(0, LIST_CAP).map((f) => (
                <li key={f.tensor}>
                  <button className="nm-name mono" onClick={() => showInTable(f.tensor)}>{f.tensor}</button>
                  <span className="muted"> → {f.parts.join(', ')}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="nm-none muted">None.</p>
          )}
        </section>
        <TensorList title="Dropped on purpose" names={m.dropped} testId="nm-dropped" />
      </div>
    </div>
  );
}
