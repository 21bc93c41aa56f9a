import { lazy, Suspense } from 'react';
import { usePanelStore, type PanelTab } from './panelStore';
import { ProblemsPanel } from '../features/problems/ProblemsPanel';
import { SummaryCard } from '../features/summary/SummaryCard';
import { FieldsTable } from '../features/summary/FieldsTable';
import { StepDetail } from '../features/checklist/StepDetail';
import type { PortModel } from '../features/port/usePortModel';

// The weights tab (tensor table, chart.js) loads when first shown, not with the first screen.
const WeightsPanel = lazy(() => import('../features/weights/WeightsPanel').then((m) => ({ default: m.WeightsPanel })));


export function BottomPanel({ model }: { model: PortModel }) {
  const tab = usePanelStore((s) => s.tab);
  const show = usePanelStore((s) => s.show);
  const problems = (model.analysis?.diagnostics.length ?? 0) + (model.parseError ? 1 : 0);
  const tabs: [PanelTab, string][] = [
    ['summary', 'Summary'],
    ['problems', `Problems${problems ? ` (${problems})` : ''}`],
    ['fields', `Fields${model.analysis ? ` (${model.analysis.fields.length})` : ''}`],
    ['weights', 'Weights'],
    ['step', 'Step'],
  ];
  return (
    <section className="panel" aria-label="Panel">
      <header className="panel-tabs" role="tablist">
        {tabs.map(([id, label]) => (
          <button key={id} role="tab" aria-selected={tab === id} className={`tab ${tab === id ? 'active' : ''}`} onClick={() => show(id)}>
            {label}
          </button>
        ))}
      </header>
      <div className="panel-body">
        {tab === 'problems' && <ProblemsPanel diagnostics={model.analysis?.diagnostics ?? []} parseError={model.parseError?.message ?? null} />}
        {tab === 'summary' && (model.analysis ? <SummaryCard analysis={model.analysis} /> : <div className="empty-state">{model.parseError?.message ?? 'Open a checkpoint'}</div>)}
        {tab === 'fields' && (model.analysis ? <FieldsTable fields={model.analysis.fields} /> : <div className="empty-state">No analysis</div>)}
        {tab === 'weights' && (
          <Suspense fallback={<div className="empty-state">Loading the weights view…</div>}>
            <WeightsPanel />
          </Suspense>
        )}
        {tab === 'step' && <StepDetail model={model} />}
      </div>
    </section>
  );
}
