import { formatBytes } from '@shared/format/units';
import { openSource } from '../checkpoints/openActions';
import { formatEta, formatRate, percent } from './format';
import { cancelDownload, dismissDownload } from './hubActions';
import type { DownloadEntry } from './hubStore';

const WHAT: Record<string, string> = { config: 'Config + tokenizer', all: 'Everything', patterns: 'Matching files' };

/** One download: overall and per-file progress (bytes, rate, time left), Cancel, then the outcome. */
export function DownloadCard({ entry }: { entry: DownloadEntry }) {
  const { progress, done } = entry;
  const overall = progress?.overall ?? { bytes: 0, total: 0, rate: 0, etaSeconds: null };
  const files = progress?.files ?? [];
  const state = done ? (done.ok ? 'done' : 'failed') : 'running';
  const pct = percent(overall.bytes, overall.total);
  const counts = { finished: 0, active: 0, queued: 0, failed: 0 };
  for (const f of files) {
    if (f.state === 'done' || f.state === 'cached') counts.finished++;
    else if (f.state === 'downloading') counts.active++;
    else if (f.state === 'queued') counts.queued++;
    else counts.failed++;
  }
  const shown = files.filter((f) => f.state === 'downloading' || f.state === 'failed').slice(0, 8);
  const cancelled = done && !done.ok && /cancelled/.test(done.message);

  return (
    <div className={`download download-${state}`} data-testid="download" data-state={cancelled ? 'cancelled' : state}>
      <div className="download-head">
        <strong>{WHAT[entry.what ?? ''] ?? 'Download'}</strong>
        <span className="mono" data-testid="download-bytes">
          {formatBytes(overall.bytes)} / {formatBytes(overall.total)} ({pct}%)
        </span>
        {state === 'running' && (
          <>
            <span className="muted" data-testid="download-rate">{formatRate(overall.rate)}</span>
            <span className="muted" data-testid="download-eta">{formatEta(overall.etaSeconds)} left</span>
          </>
        )}
        <span className="grow" />
        {state === 'running' ? (
          <button className="button" onClick={() => void cancelDownload(entry.id)} data-testid="download-cancel">Cancel</button>
        ) : (
          <button className="icon-button" aria-label="Dismiss this download" onClick={() => dismissDownload(entry.id)}>×</button>
        )}
      </div>
      <div className="bar" role="progressbar" aria-label="Overall progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div className="bar-fill" style={{ width: `${pct}%` }} />
      </div>
      <div className="download-files muted">
        {files.length} file{files.length === 1 ? '' : 's'}: {counts.finished} done, {counts.active} downloading, {counts.queued} queued
        {counts.failed > 0 && `, ${counts.failed} failed`}
      </div>
      {!done && shown.length > 0 && (
        <ul className="download-list">
          {shown.map((f) => (
            <li key={f.path} className={`download-file file-${f.state}`} data-testid="download-file">
              <span className="mono file-name" title={f.path}>{f.path}</span>
              <span className="mono muted">{formatBytes(f.bytes)} / {formatBytes(f.total)}</span>
              <div className="bar small"><div className="bar-fill" style={{ width: `${percent(f.bytes, f.total)}%` }} /></div>
            </li>
          ))}
        </ul>
      )}
      {done && (
        <div className={done.ok ? 'download-ok' : 'error-line'} role={done.ok ? 'status' : 'alert'} data-testid="download-message">
          {done.ok ? '✓ ' : ''}
          {done.message}
          {done.ok && done.snapshotDir && (
            <div className="download-where">
              <span className="mono" title={done.snapshotDir}>{done.snapshotDir}</span>
              <button className="button primary" onClick={() => void openSource(done.snapshotDir!)} data-testid="download-open">Open</button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
