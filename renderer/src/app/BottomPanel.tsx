import { lazy, Suspense } from 'react';
import { usePanelStore, type PanelTab } from './panelStore';
import { TabStrip, type TabItem } from './TabStrip';
import { problemCount, ProblemsPanel } from '../features/problems/ProblemsPanel';
import { SummaryCard } from '../features/summary/SummaryCard';
import { FieldsTable } from '../features/summary/FieldsTable';
import { StepDetail } from '../features/checklist/StepDetail';
import type { PortModel } from '../features/port/usePortModel';

// The weights tab (tensor table, chart.js) loads when first shown, not with the first screen.
const WeightsPanel = lazy(() => import('../features/weights/WeightsPanel').then((m) => ({ default: m.WeightsPanel })));


export function BottomPanel({ model }: { model: PortModel }) {
  const tab = usePanelStore((s) => s.tab);
  const show = usePanelStore((s) => s.show);
  const problems = problemCount(model);
  const fields = model.analysis?.fields ?? [];
  const written = fields.filter((f) => f.origin === 'config').length;
  const tabs: TabItem[] = [
    { id: 'summary', text: 'Summary', label: 'Summary' },
    { id: 'problems', text: `Problems${problems ? ` (${problems})` : ''}`, label: `Problems${problems ? ` (${problems})` : ''}` },
    {
      id: 'fields',
      text: `Fields (${fields.length})`,
      label: model.analysis ? `Fields (${fields.length})` : 'Fields',
      // The step says "N fields classified" of those written in config.json; this tab lists the implied ones too.
      title: model.analysis ? `${fields.length} fields: ${written} written in config.json, ${fields.length - written} filled in as transformers reads the config` : 'Fields',
    },
    { id: 'weights', text: 'Weights', label: 'Weights' },
    { id: 'step', text: 'Step', label: 'Step' },
  ];
  return (
    <section className="panel" aria-label="Panel">
      <TabStrip className="panel-tabs" tabs={tabs} active={tab} onSelect={(id) => show(id as PanelTab)} ariaLabel="Panel views" />
      <div className="panel-body" role="tabpanel" aria-label={tabs.find((t) => t.id === tab)?.text}>
        {tab === 'problems' && <ProblemsPanel model={model} />}
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
