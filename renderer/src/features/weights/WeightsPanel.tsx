import { Component as ReactComponent, useEffect, type ErrorInfo, type ReactNode } from 'react';
import type { OpenedCheckpoint } from '@shared/api/types';
import type { WeightsReport } from '@shared/weights/types';
import { formatBytes, formatCount } from '@shared/format/units';
import { Splitter } from '../../app/Splitter';
import { TabStrip } from '../../app/TabStrip';
import { useSidebarStore } from '../../app/sidebarStore';
import { repoOf, shortRevision } from '../checkpoints/displayName';
import { useHubStore } from '../hub/hubStore';
import { usePortStore } from '../port/portStore';
import { CrossCheck } from './CrossCheck';
import { NameMap } from './NameMap';
import { ParamsChart } from './ParamsChart';
import { TensorTable } from './TensorTable';
import { formatInt } from './format';
import { inspectRemoteWeights, inspectWeights, noLocalWeightFiles, noWeightsReason } from './weightsActions';
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
  // A repo downloaded as config + tokenizer only: its weights are on the Hub, not on disk.
  const repo = checkpoint.kind === 'hub' ? null : repoOf(checkpoint);
  const missing = !!repo && noLocalWeightFiles(checkpoint);
  const reason = missing ? null : noWeightsReason(checkpoint);
  const entry = useWeightsStore((s) => s.entries[checkpoint.source]);
  useEffect(() => {
    if (!reason && !missing) void inspectWeights(checkpoint.source, { remote: checkpoint.kind === 'hub' });
  }, [checkpoint.source, reason, missing]);

  const offer = repo ? <ReadFromHub source={checkpoint.source} repoId={repo.repoId} revision={repo.revision} /> : null;
  if (entry?.status === 'ready') return <WeightsReportView report={entry.report} remote={entry.remote} />;
  if (entry?.status === 'loading') {
    return <div className="empty-state" data-testid="weights-loading" aria-busy="true">Reading the weight headers of {checkpoint.label}{entry.remote ? ' from the Hub (range requests, no download)' : ''}…</div>;
  }
  if (missing || (reason && repo)) {
    return (
      <div className="empty-state" data-testid="weights-none">
        <p>{repo!.repoId} is in the HF cache without its weight files (a config + tokenizer download).</p>
        {offer}
      </div>
    );
  }
  if (reason) return <div className="empty-state" data-testid="weights-none">{reason}</div>;
  if (!entry) return <div className="empty-state" data-testid="weights-loading" aria-busy="true">Reading the weight headers of {checkpoint.label}…</div>;
  return <WeightsError message={entry.message} onRetry={() => void inspectWeights(checkpoint.source, { force: true, remote: checkpoint.kind === 'hub' })}>{offer}</WeightsError>;
}

/** Reads the headers of a cached repo's weights on the Hub by range requests: a few MB, nothing written to disk. */
function ReadFromHub({ source, repoId, revision }: { source: string; repoId: string; revision: string }) {
  const status = useHubStore((s) => s.status);
  if (status?.offline) {
    return (
      <p className="hint" data-testid="read-remote-offline">
        Offline: {status.offlineReason === 'env' ? 'HF_HUB_OFFLINE is set in the environment' : 'the Offline switch in Hub settings is on'}, so the headers cannot be read from the Hub.{' '}
        {status.offlineReason !== 'env' && <button className="button link" onClick={() => useSidebarStore.getState().setSettingsOpen(true)}>Open Hub settings</button>}
      </p>
    );
  }
  return (
    <p>
      <button className="button primary" onClick={() => void inspectRemoteWeights(source, repoId, revision)} data-testid="read-remote">
        Read the weight headers from the Hub
      </button>{' '}
      <span className="muted">{repoId}@{shortRevision(revision)}: range requests for the headers only, nothing is downloaded.</span>
    </p>
  );
}

function WeightsError({ message, onRetry, children }: { message: string; onRetry(): void; children?: ReactNode }) {
  return (
    <div className="weights-error" role="alert" data-testid="weights-error">
      <div className="we-line">
        <span className="we-icon">✕</span>
        <span className="we-message mono" title={message}>{message}</span>
        <button className="button" onClick={onRetry}>Retry</button>
      </div>
      {children}
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

function WeightsReportView({ report, remote }: { report: WeightsReport; remote: boolean }) {
  const section = useWeightsStore((s) => s.section);
  const setSection = useWeightsStore((s) => s.setSection);
  const mismatches = report.checks.filter((c) => c.status === 'mismatch').length + report.shapeMismatches.length;
  const unmapped = report.mapping.unmappedCheckpoint.length + report.mapping.unfilledModel.length;
  const badge = (id: WeightsSection) =>
    id === 'tensors' ? ` (${formatInt(report.tensorCount)})` : id === 'crosscheck' && mismatches ? ` (${mismatches})` : id === 'namemap' && unmapped ? ` (${unmapped})` : '';
  const dtypes = Object.entries(report.parametersByDtype).sort((a, b) => b[1] - a[1]).map(([d]) => d).join(' · ');
  const where = remote ? 'of weight files on the Hub' : 'on disk';
  const memory = report.memory
    ? { text: `≈ ${formatBytes(report.memory.bytes)} to load as ${report.memory.encoding}`, title: `Memory the weights take once MAX loads them with --quantization-encoding ${report.memory.encoding} (${formatInt(report.parameterCount)} parameters at that encoding's width); the KV cache comes on top` }
    : null;
  const summary = [report.format, `${report.files.length} file${report.files.length === 1 ? '' : 's'}`, `${formatInt(report.tensorCount)} tensors`, `${formatCount(report.parameterCount)} parameters`, dtypes, `${formatBytes(report.bytesOnDisk)} ${where}`, memory?.text, report.mapping.baseline ? `MAX donor ${report.mapping.baseline}` : null].filter(Boolean).join(' · ');
  return (
    <div className="weights" data-testid="weights">
      <div className="weights-head">
        <TabStrip
          className="weights-tabs"
          tabs={SECTIONS.map(([id, label]) => ({ id, label: `${label}${badge(id)}`, text: `${label}${badge(id)}` }))}
          active={section}
          onSelect={(id) => setSection(id as WeightsSection)}
          ariaLabel="Weights views"
        />
        <div className="weights-summary" data-testid="weights-summary" title={summary}>
          <span className="chip">{report.format}</span>
          <span>{report.files.length} file{report.files.length === 1 ? '' : 's'}</span>
          <span><b>{formatInt(report.tensorCount)}</b> tensors</span>
          <span title={`${formatInt(report.parameterCount)} parameters`}><b>{formatCount(report.parameterCount)}</b> parameters</span>
          <span>{dtypes}</span>
          <span title={remote ? 'Read by range requests: nothing was downloaded' : undefined}>{formatBytes(report.bytesOnDisk)} {where}</span>
          {memory && <span title={memory.title}>{memory.text}</span>}
          {report.mapping.baseline && <span className="muted">MAX donor {report.mapping.baseline}</span>}
        </div>
      </div>
      <div className="weights-body">
        {section === 'tensors' && <TensorTable report={report} />}
        {section === 'crosscheck' && (
          <Splitter direction="horizontal" initial={0.55} storageKey="weights.crosscheck" label="Resize the cross-check and the tensor table" minPx={[260, 240]}>
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
            if (source) void inspectWeights(source, { force: true });
          }}
        />
      );
    }
    return this.props.children;
  }
}
