import { formatBytes } from '@shared/format/units';
import { parseSnapshotPath } from '@shared/hub/repoFolder';
import { sourceTitle } from '../checkpoints/displayName';
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
  // Cancelled is the user's choice, not a failure: a neutral card, its partial files kept for a resume.
  const cancelled = !!done && !done.ok && (done.cancelled ?? /cancelled/.test(done.message));
  const state = done ? (done.ok ? 'done' : cancelled ? 'cancelled' : 'failed') : 'running';
  const pct = percent(overall.bytes, overall.total);
  const counts = { finished: 0, active: 0, queued: 0, failed: 0 };
  for (const f of files) {
    if (f.state === 'done' || f.state === 'cached') counts.finished++;
    else if (f.state === 'downloading') counts.active++;
    else if (f.state === 'queued') counts.queued++;
    else counts.failed++;
  }
  const shown = files.filter((f) => f.state === 'downloading' || f.state === 'failed').slice(0, 8);
  // The snapshot opens as org/name@commit (an HF cache source), not as a folder path.
  const snapshot = done?.snapshotDir ? parseSnapshotPath(done.snapshotDir) : null;
  const openAs = snapshot ? `${snapshot.repoId}@${snapshot.commit}` : done?.snapshotDir;

  return (
    <div className={`download download-${state}`} data-testid="download" data-state={state}>
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
        {files.length} file{files.length === 1 ? '' : 's'}: {counts.finished} done
        {state === 'cancelled' ? `, ${files.length - counts.finished} not finished` : `, ${counts.active} downloading, ${counts.queued} queued${counts.failed > 0 ? `, ${counts.failed} failed` : ''}`}
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
        <div className={done.ok ? 'download-ok' : cancelled ? 'download-cancelled' : 'error-line'} role={done.ok || cancelled ? 'status' : 'alert'} data-testid="download-message">
          {done.ok ? '✓ ' : ''}
          {done.message}
          {done.ok && done.snapshotDir && openAs && (
            <div className="download-where">
              <span className="mono" title={done.snapshotDir}>{snapshot ? sourceTitle(openAs) : done.snapshotDir}</span>
              <button className="button primary" onClick={() => void openSource(openAs)} data-testid="download-open" title={`Open ${openAs} from the HF cache (${done.snapshotDir})`}>Open</button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
