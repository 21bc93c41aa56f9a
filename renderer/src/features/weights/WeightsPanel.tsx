import { Component as ReactComponent, useEffect, type ErrorInfo, type ReactNode } from 'react';
import type { OpenedCheckpoint } from '@shared/api/types';
import type { WeightsReport } from '@shared/weights/types';
import { formatBytes, formatCount } from '@shared/format/units';
import { Splitter } from '../../app/Splitter';
import { usePortStore } from '../port/portStore';
import { CrossCheck } from './CrossCheck';
import { NameMap } from './NameMap';
import { ParamsChart } from './ParamsChart';
import { TensorTable } from './TensorTable';
import { formatInt } from './format';
import { inspectWeights, noWeightsReason } from './weightsActions';
import { oneLine, useWeightsStore, type WeightsSection } from './weightsStore';
import './weights.css';

/** The weights step in the bottom panel: tensor table, cross-check, name map, chart, files. */
export function WeightsPanel() {
  const checkpoint = usePortStore((s) => s.checkpoint);
  return (
    <WeightsErrorBoundary key={checkpoint?.source ?? ''} source={checkpoint?.source ?? null}>
      {checkpoint ? <WeightsForCheckpoint checkpoint={checkpoint} /> : <div className="empty-state">Open a checkpoint to inspect its weights.</div>}
    </WeightsErrorBoundary>
  );
}

function WeightsForCheckpoint({ checkpoint }: { checkpoint: OpenedCheckpoint }) {
  const reason = noWeightsReason(checkpoint);
  const entry = useWeightsStore((s) => s.entries[checkpoint.source]);
  useEffect(() => {
    if (!reason) void inspectWeights(checkpoint.source);
  }, [checkpoint.source, reason]);

  if (reason) return <div className="empty-state" data-testid="weights-none">{reason}</div>;
  if (!entry || entry.status === 'loading') {
    return <div className="empty-state" data-testid="weights-loading" aria-busy="true">Reading the weight headers of {checkpoint.label}…</div>;
  }
  if (entry.status === 'error') return <WeightsError message={entry.message} onRetry={() => void inspectWeights(checkpoint.source, true)} />;
  return <WeightsReportView report={entry.report} />;
}

function WeightsError({ message, onRetry }: { message: string; onRetry(): void }) {
  return (
    <div className="weights-error" role="alert" data-testid="weights-error">
      <span className="we-icon">✕</span>
      <span className="we-message mono" title={message}>{message}</span>
      <button className="button" onClick={onRetry}>Retry</button>
    </div>
  );
}

const SECTIONS: [WeightsSection, string][] = [
  ['tensors', 'Tensors'],
  ['crosscheck', 'Cross-check'],
  ['namemap', 'Name map'],
  ['chart', 'Chart'],
  ['files', 'Files & metadata'],
];

function WeightsReportView({ report }: { report: WeightsReport }) {
  const section = useWeightsStore((s) => s.section);
  const setSection = useWeightsStore((s) => s.setSection);
  const mismatches = report.checks.filter((c) => c.status === 'mismatch').length + report.shapeMismatches.length;
  const unmapped = report.mapping.unmappedCheckpoint.length + report.mapping.unfilledModel.length;
  const badge = (id: WeightsSection) =>
    id === 'tensors' ? ` (${formatInt(report.tensorCount)})` : id === 'crosscheck' && mismatches ? ` (${mismatches})` : id === 'namemap' && unmapped ? ` (${unmapped})` : '';
  return (
    <div className="weights" data-testid="weights">
      <div className="weights-summary" data-testid="weights-summary">
        <span className="chip">{report.format}</span>
        <span>{report.files.length} file{report.files.length === 1 ? '' : 's'}</span>
        <span><b>{formatInt(report.tensorCount)}</b> tensors</span>
        <span title={`${formatInt(report.parameterCount)} parameters`}><b>{formatCount(report.parameterCount)}</b> parameters</span>
        <span>{Object.entries(report.parametersByDtype).sort((a, b) => b[1] - a[1]).map(([d]) => d).join(' · ')}</span>
        <span>{formatBytes(report.bytesOnDisk)} on disk</span>
        {report.memory && <span>{formatBytes(report.memory.bytes)} at {report.memory.encoding}</span>}
        {report.mapping.baseline && <span className="muted">MAX donor {report.mapping.baseline}</span>}
      </div>
      <div className="weights-tabs" role="tablist" aria-label="Weights views">
        {SECTIONS.map(([id, label]) => (
          <button key={id} role="tab" aria-selected={section === id} className={`wtab ${section === id ? 'active' : ''}`} onClick={() => setSection(id)}>
            {label}{badge(id)}
          </button>
        ))}
      </div>
      <div className="weights-body">
        {section === 'tensors' && <TensorTable report={report} />}
        {section === 'crosscheck' && (
          <Splitter direction="horizontal" initial={0.55} storageKey="weights.crosscheck">
            <CrossCheck report={report} />
            <TensorTable report={report} />
          </Splitter>
        )}
        {section === 'namemap' && <NameMap report={report} />}
        {section === 'chart' && <ParamsChart report={report} />}
        {section === 'files' && <FilesAndMetadata report={report} />}
      </div>
    </div>
  );
}

function FilesAndMetadata({ report }: { report: WeightsReport }) {
  const metadata = Object.entries(report.metadata);
  return (
    <div className="weights-files">
      <table className="fields">
        <thead><tr><th>File</th><th className="num">Size</th><th className="num">Header</th><th className="num">Tensors</th></tr></thead>
        <tbody>
          {report.files.map((f) => (
            <tr key={f.name}>
              <td className="mono">{f.name}</td>
              <td className="mono num" title={`${formatInt(f.bytes)} bytes`}>{formatBytes(f.bytes)}</td>
              <td className="mono num">{formatBytes(f.headerBytes)}</td>
              <td className="mono num">{formatInt(f.tensorCount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="section-title">Metadata ({metadata.length})</h3>
      {metadata.length ? (
        // Inert text from the file: rendered as text only, never as HTML or markdown.
        <table className="fields weights-metadata">
          <tbody>
            {metadata.map(([k, v]) => (
              <tr key={k}><td className="mono">{k}</td><td><pre className="mono">{v.length > 4000 ? `${v.slice(0, 4000)}… (${formatInt(v.length)} characters)` : v}</pre></td></tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="nm-none muted">No metadata in the header.</p>
      )}
      {report.warnings.length > 0 && (
        <>
          <h3 className="section-title">Warnings ({report.warnings.length})</h3>
          <ul className="cc-warnings">{report.warnings.map((w, i) => <li key={i} className="cc-warn">⚠ {w}</li>)}</ul>
        </>
      )}
    </div>
  );
}

/** A render error in the weights views stays inside the panel: one line and a Retry, never a blank window. */
class WeightsErrorBoundary extends ReactComponent<{ source: string | null; children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };

  static getDerivedStateFromError(err: unknown) {
    return { error: oneLine(err instanceof Error ? err.message : String(err)) };
  }

  override componentDidCatch(err: unknown, info: ErrorInfo) {
    console.error('weights panel failed to render', err, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <WeightsError
          message={`The weights view failed: ${this.state.error}`}
          onRetry={() => {
            const { source } = this.props;
            this.setState({ error: null });
            if (source) void inspectWeights(source, true);
          }}
        />
      );
    }
    return this.props.children;
  }
}
