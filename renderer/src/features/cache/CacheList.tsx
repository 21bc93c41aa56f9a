import { formatBytes } from '@shared/format/units';
import { CheckpointButton } from '../checkpoints/CheckpointButton';
import { formatAgo } from '../hub/format';
import { repoBadges, revisionLabel } from './badges';
import { refreshCache } from './cacheActions';
import { useCacheStore } from './cacheStore';

/** The HF cache: every repo with its size, age, badges and revisions (click one to open its snapshot). */
export function CacheList() {
  const report = useCacheStore((s) => s.report);
  const scanning = useCacheStore((s) => s.scanning);
  const error = useCacheStore((s) => s.error);
  const expanded = useCacheStore((s) => s.expanded);
  const toggle = useCacheStore((s) => s.toggle);
  const repos = report?.repos.filter((r) => r.repoType === 'model') ?? [];

  return (
    <section data-testid="hf-cache">
      <h2 className="section-title title-row">
        <span>HF cache</span>
        <button className="icon-button" aria-label="Rescan the HF cache" title="Rescan" onClick={() => void refreshCache()} disabled={scanning}>
          ⟳
        </button>
      </h2>
      {report && <p className="hint mono path" title={report.cacheDir}>{report.cacheDir}</p>}
      {error && <p className="error-line" role="alert">{error}</p>}
      {report && report.warnings.length > 0 && (
        <details className="warnings-box">
          <summary>{report.warnings.length} warning{report.warnings.length === 1 ? '' : 's'}</summary>
          <ul className="warnings">{report.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
        </details>
      )}
      {report && repos.length === 0 && (
        <p className="hint" data-testid="cache-empty">No model in the cache yet. Download one from the Hub tab.</p>
      )}
      {!report && !error && <p className="hint">Scanning…</p>}
      <ul className="list">
        {repos.map((repo) => {
          const open = !!expanded[repo.repoId];
          return (
            <li key={repo.path} data-testid="cache-repo" data-repo={repo.repoId}>
              <button className="list-item" aria-expanded={open} onClick={() => toggle(repo.repoId)} title={repo.path}>
                <span className="list-title">
                  <span className="twisty">{open ? '▾' : '▸'}</span> {repo.repoId}
                </span>
                <span className="list-sub">
                  {formatBytes(repo.sizeOnDisk)}
                  {repo.lastModified && ` · ${formatAgo(repo.lastModified)}`}
                  {` · ${repo.revisions.length} revision${repo.revisions.length === 1 ? '' : 's'}`}
                </span>
                <span className="tags">
                  {repoBadges(repo).map((b) => (
                    <span key={b.label} className={`tag tag-${b.kind}`} title={b.title}>{b.label}</span>
                  ))}
                </span>
              </button>
              {open && (
                <ul className="list nested">
                  {repo.revisions.length === 0 && <li className="hint">No complete snapshot.</li>}
                  {repo.revisions.map((rev) => (
                    <li key={rev.commit}>
                      <CheckpointButton
                        source={`${repo.repoId}@${rev.commit}`}
                        path={rev.path}
                        testId="cache-revision"
                        data={{ 'data-commit': rev.commit }}
                        mono
                        title={revisionLabel(rev.refs, rev.commit)}
                        sub={`${rev.files} files · ${formatBytes(rev.sizeOnDisk)}${rev.hasConfig ? '' : ' · no config.json'}${rev.weights ? ` · ${rev.weights}` : ''}`}
                      />
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
