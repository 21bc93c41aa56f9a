import { useState } from 'react';
import type { HubModelDetails } from '@shared/hub/types';
import { formatBytes, formatCount } from '@shared/format/units';
import { TabStrip } from '../../app/TabStrip';
import { useSidebarStore } from '../../app/sidebarStore';
import { Markdown } from '../../markdown/Markdown';
import { usePortStore } from '../port/portStore';
import { DownloadCard } from './DownloadCard';
import { FileTree } from './FileTree';
import { formatAgo, parsePatterns } from './format';
import { inspectRepo, openModelPage, startDownload } from './hubActions';
import { useHubStore, type DownloadWhat } from './hubStore';
import { useMainView } from './mainView';

/** A Hub model page in the main area: the basics, the file tree, Inspect and downloads with progress. */
export function ModelPage() {
  const model = useHubStore((s) => s.model);
  const downloads = useHubStore((s) => s.downloads);
  const status = useHubStore((s) => s.status);
  const hasCheckpoint = usePortStore((s) => !!s.checkpoint);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [matching, setMatching] = useState(false);
  const [patternText, setPatternText] = useState('*.json');
  const [lower, setLower] = useState<'card' | 'files'>('card');

  if (!model) return null;
  const { repo, info } = model;
  const mine = Object.values(downloads).filter((d) => d.repo === repo).sort((a, b) => b.startedAt - a.startedAt);
  const running = mine.some((d) => !d.done);
  const totalSize = info?.files.reduce((a, f) => a + f.size, 0) ?? 0;
  const offline = status?.offline ?? false;

  const act = async (label: string, fn: () => Promise<string | null>) => {
    setBusy(label);
    setActionError(null);
    try {
      setActionError(await fn());
    } catch (err) {
      setActionError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };
  const download = (what: DownloadWhat, patterns?: string[]) => act(what, () => startDownload(repo, what, patterns));

  return (
    <div className="pane model-page" data-testid="model-page" data-repo={repo}>
      <div className="pane-header">
        <span className="tab active">{repo}</span>
        <span className="pane-sub">Hub model</span>
        <span className="grow" />
        {hasCheckpoint && (
          <button className="icon-button" aria-label="Close the model page" title="Back to the port" onClick={() => useMainView.getState().showPort()}>×</button>
        )}
      </div>
      <div className="model-top">
        <h1 className="model-title">
          {repo}
          {info?.gated && <span className="tag tag-warn">gated ({info.gated})</span>}
          {info?.private && <span className="tag tag-warn">private</span>}
        </h1>
        {model.loading && <p className="muted">Loading from {status?.hubUrl ?? 'the Hub'}…</p>}
        {model.error && (
          <div className="error-line" role="alert" data-testid="model-error">
            {model.error}
            <button className="button link" onClick={() => void openModelPage(repo)}>Retry</button>
          </div>
        )}
        {info && (
          <dl className="model-facts" data-testid="model-facts">
            <dt>Architecture</dt>
            <dd data-testid="model-architecture">{architectureText(info.details)}</dd>
            <dt>Parameters</dt>
            <dd data-testid="model-parameters" title={parametersTitle(info.details)}>{parametersText(info.details)}</dd>
            <dt>Commit</dt>
            <dd className="mono" title={info.sha} data-testid="model-sha" data-sha={info.sha}>{info.sha.slice(0, 12)}</dd>
            <dt>Task</dt>
            <dd>{info.pipelineTag ?? '—'}</dd>
            <dt>Library</dt>
            <dd>{info.library ?? '—'}</dd>
            <dt>Access</dt>
            <dd>{info.private ? 'private' : info.gated ? `gated (${info.gated}): accept its terms on the Hub and set a token` : 'public'}</dd>
            <dt>Downloads</dt>
            <dd>{info.downloads.toLocaleString('en-US')}</dd>
            <dt>Likes</dt>
            <dd>{info.likes.toLocaleString('en-US')}</dd>
            <dt>Updated</dt>
            <dd title={info.lastModified ?? ''}>{formatAgo(info.lastModified) || '—'}</dd>
            {info.details?.license && (
              <>
                <dt>License</dt>
                <dd>{info.details.license}</dd>
              </>
            )}
            {!!info.details?.baseModels.length && (
              <>
                <dt>Base model</dt>
                <dd className="mono">{info.details.baseModels.join(', ')}</dd>
              </>
            )}
          </dl>
        )}
        {info && info.warnings.length > 0 && (
          <ul className="warnings" data-testid="model-warnings">
            {info.warnings.map((w) => <li key={w}>{w}</li>)}
          </ul>
        )}
        {info && (
          <div className="model-actions">
            <button
              className="button primary"
              disabled={busy !== null}
              onClick={() => void act('inspect', () => inspectRepo(repo))}
              title="Read config.json and the weight headers from the Hub; no weights are downloaded"
              data-testid="inspect"
            >
              {busy === 'inspect' ? 'Inspecting…' : 'Inspect'}
            </button>
            <button className="button" disabled={busy !== null || offline || running} onClick={() => void download('config')} data-testid="download-config">
              Download config + tokenizer
            </button>
            <button className="button" disabled={busy !== null || offline || running} onClick={() => void download('all')} data-testid="download-all">
              Download everything ({formatBytes(totalSize)})
            </button>
            <button className="button" disabled={busy !== null || offline || running} aria-expanded={matching} onClick={() => setMatching((m) => !m)} data-testid="download-matching">
              Download matching…
            </button>
          </div>
        )}
        {matching && info && (
          <form
            className="patterns"
            onSubmit={(e) => {
              e.preventDefault();
              const parsed = parsePatterns(patternText);
              if ('error' in parsed) setActionError(parsed.error);
              else void download('patterns', parsed.patterns);
            }}
          >
            <label htmlFor="download-patterns" className="setting-label">File patterns (comma or space separated)</label>
            <div className="field-row">
              <input
                id="download-patterns"
                className="field mono"
                value={patternText}
                onChange={(e) => setPatternText(e.target.value)}
                placeholder="*.json model-0000[1-2]-*.safetensors"
                spellCheck={false}
              />
              <button className="button primary" type="submit" disabled={busy !== null || offline || running}>Download</button>
            </div>
          </form>
        )}
        {offline && info && (
          <p className="hint">
            Offline: downloads are off and Inspect reads the HF cache.{' '}
            {status?.offlineReason === 'env' ? (
              'HF_HUB_OFFLINE is set in the environment.'
            ) : (
              <button className="button link" onClick={() => useSidebarStore.getState().setSettingsOpen(true)}>Turn off Offline in Hub settings</button>
            )}
          </p>
        )}
        {actionError && <p className="error-line" role="alert" data-testid="action-error">{actionError}</p>}
        {mine.map((d) => <DownloadCard key={d.id} entry={d} />)}
      </div>
      {info && (
        <div className="model-files">
          <TabStrip
            className="model-tabs"
            tabs={[
              { id: 'card', label: 'Model card', text: 'Model card' },
              { id: 'files', label: <>Files <span className="muted" data-testid="files-total">{info.files.length} · {formatBytes(totalSize)}</span></>, text: `Files (${info.files.length})` },
            ]}
            active={lower}
            onSelect={(id) => setLower(id as 'card' | 'files')}
            ariaLabel="Model page views"
          />
          {lower === 'files' ? (
            <FileTree files={info.files} />
          ) : (
            <div className="model-card" role="tabpanel" aria-label="Model card">
              {!model.readme ? (
                <p className="muted">Loading README.md…</p>
              ) : model.readme.error ? (
                <p className="error-line">{model.readme.error}</p>
              ) : model.readme.text === null || !model.readme.text.trim() ? (
                <p className="muted" data-testid="model-readme-none">This repo has no README.md.</p>
              ) : (
                <Markdown text={model.readme.text} options={{ linkBase: `${status?.hubUrl ?? 'https://huggingface.co'}/${repo}/blob/${info.sha}/` }} testId="model-readme" />
              )}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function architectureText(details: HubModelDetails | null): string {
  if (!details || (!details.architectures.length && !details.modelType)) return '—';
  const arch = details.architectures.join(', ') || 'unknown';
  return details.modelType ? `${arch} (model_type ${details.modelType})` : arch;
}

/** As the Hub counts them from the safetensors headers: "≈ 4.13 M (F32)". */
function parametersText(details: HubModelDetails | null): string {
  const p = details?.parameters;
  if (!p) return '—';
  const dtypes = Object.entries(p.byDtype).sort((a, b) => b[1] - a[1]).map(([d]) => d);
  return `≈ ${formatCount(p.total)}${dtypes.length ? ` (${dtypes.join(' · ')})` : ''}`;
}

function parametersTitle(details: HubModelDetails | null): string | undefined {
  const p = details?.parameters;
  if (!p) return 'The Hub gave no safetensors parameter count for this repo';
  const by = Object.entries(p.byDtype).map(([d, n]) => `${d} ${n.toLocaleString('en-US')}`).join(', ');
  return `${p.total.toLocaleString('en-US')} parameters, counted by the Hub from the safetensors headers${by ? `: ${by}` : ''}`;
}
