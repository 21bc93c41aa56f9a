import type { AppInfo } from '@shared/api/types';
import type { PortModel } from '../features/port/usePortModel';
import { usePortStore } from '../features/port/portStore';

export function StatusBar({ info, model }: { info: AppInfo | null; model: PortModel }) {
  const checkpoint = usePortStore((s) => s.checkpoint);
  const loading = usePortStore((s) => s.loading);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of model.analysis?.diagnostics ?? []) counts[d.severity]++;
  if (model.parseError) counts.error++;
  const done = model.steps.filter((s) => s.state === 'done').length;
  return (
    <footer className="statusbar" role="status">
      <span>{info ? (info.face === 'browser' ? 'Browser mode' : 'Desktop') : '…'}</span>
      <span title="Errors and warnings in config.json">⊗ {counts.error} ⚠ {counts.warning}</span>
      <span>{done}/{model.steps.length} steps done</span>
      {model.analysis && <span>{model.analysis.baseline.match === 'none' ? 'no MAX baseline' : `baseline ${model.analysis.baseline.folder} (${model.analysis.baseline.match})`}</span>}
      <span className="grow" />
      {loading && <span>Opening…</span>}
      {checkpoint && <span className="mono" title={checkpoint.configPath}>{checkpoint.label}</span>}
      {model.generated && <span>MAX {model.generated.maxVersion}</span>}
      <span>Bringup {info?.version ?? ''}</span>
    </footer>
  );
}
