import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { HubModelSummary, HubSort } from '@shared/hub/types';
import { formatCount } from '@shared/format/units';
import { formatAgo } from './format';
import { loadMore, openModelPage, search } from './hubActions';
import { useHubStore } from './hubStore';
import { useMainView } from './mainView';
import { useSidebarStore } from '../../app/sidebarStore';

const LIBRARIES = ['', 'transformers', 'safetensors', 'gguf', 'mlx', 'pytorch', 'onnx'];
const TASKS = ['', 'text-generation', 'image-text-to-text', 'text2text-generation', 'feature-extraction', 'fill-mask', 'automatic-speech-recognition'];
const SORTS: Array<[HubSort, string]> = [['downloads', 'Most downloads'], ['likes', 'Most likes'], ['lastModified', 'Recently updated']];
const ROW = 46;

/** The Hub tab: search with filters and sorting, results (virtualized) with "Load more". */
export function HubSearch() {
  const form = useHubStore((s) => s.form);
  const setForm = useHubStore((s) => s.setForm);
  const results = useHubStore((s) => s.results);
  const nextCursor = useHubStore((s) => s.nextCursor);
  const searching = useHubStore((s) => s.searching);
  const searched = useHubStore((s) => s.searched);
  const error = useHubStore((s) => s.searchError);
  const status = useHubStore((s) => s.status);
  const selected = useHubStore((s) => s.model?.repo);
  const showingModel = useMainView((s) => s.view === 'hub-model');
  const scroller = useRef<HTMLDivElement>(null);
  const offline = status?.offline ?? false;

  // The first visit (and a change of Hub, or going back online) lists the most downloaded models;
  // switching tabs keeps the results and pages already loaded.
  const online = status && !status.offline ? status.hubUrl : null;
  useEffect(() => {
    if (online && (useHubStore.getState().resultsFor !== online || !useHubStore.getState().searched)) void search();
  }, [online]);

  const count = results.length + (nextCursor ? 1 : 0);
  const virtual = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 8 });

  if (offline) {
    return (
      <div className="hub-tab">
        <div className="notice" data-testid="hub-offline">
          <strong>Offline</strong>
          {status?.offlineReason === 'env' ? ' (HF_HUB_OFFLINE is set in the environment)' : ' (the Offline setting is on)'}: searching the Hub is off. The
          Local tab and the HF cache still work.{' '}
          {status?.offlineReason !== 'env' && (
            <button className="button link" onClick={() => useSidebarStore.getState().setSettingsOpen(true)} data-testid="offline-open-settings">
              Go online in Hub settings
            </button>
          )}
        </div>
      </div>
    );
  }

  const setAndSearch = (patch: Parameters<typeof setForm>[0]) => {
    setForm(patch);
    void search();
  };

  return (
    <div className="hub-tab">
      <form
        role="search"
        className="hub-search"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <input
          type="search"
          className="field"
          value={form.query}
          onChange={(e) => setForm({ query: e.target.value })}
          placeholder="Search models (Enter)"
          aria-label="Search Hub models"
          data-testid="hub-query"
          spellCheck={false}
        />
        <button className="button" type="submit" disabled={searching}>Search</button>
      </form>
      <div className="hub-filters">
        <select className="field" aria-label="Library" value={form.library} onChange={(e) => setAndSearch({ library: e.target.value })}>
          {LIBRARIES.map((l) => <option key={l} value={l}>{l || 'Any library'}</option>)}
        </select>
        <select className="field" aria-label="Task" value={form.task} onChange={(e) => setAndSearch({ task: e.target.value })}>
          {TASKS.map((t) => <option key={t} value={t}>{t || 'Any task'}</option>)}
        </select>
        <select className="field" aria-label="Sort" value={form.sort} onChange={(e) => setAndSearch({ sort: e.target.value as HubSort })}>
          {SORTS.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
        </select>
      </div>
      {error && <p className="error-line" role="alert" data-testid="hub-error">{error}</p>}
      {searched && !error && results.length === 0 && !searching && <p className="hint">No model matches.</p>}
      <div className="hub-results" ref={scroller} data-testid="hub-results" aria-busy={searching}>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((row) => (
            <div key={row.key} className="virtual-row" style={{ transform: `translateY(${row.start}px)`, height: row.size }}>
              {row.index < results.length ? (
                <ResultRow item={results[row.index]} active={showingModel && selected === results[row.index].id} />
              ) : (
                <button className="button load-more" onClick={() => void loadMore()} disabled={searching} data-testid="load-more">
                  {searching ? 'Loading…' : 'Load more'}
                </button>
              )}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

function ResultRow({ item, active }: { item: HubModelSummary; active: boolean }) {
  return (
    <button
      className={`list-item result ${active ? 'active' : ''}`}
      onClick={() => void openModelPage(item.id)}
      data-testid="hub-result"
      data-repo={item.id}
      title={item.id}
    >
      <span className="list-title">
        {item.id}
        {item.gated && <span className="tag tag-warn">gated</span>}
        {item.private && <span className="tag tag-warn">private</span>}
      </span>
      <span className="list-sub">
        <span title={`${item.downloads} downloads`}>↓ {formatCount(item.downloads)}</span>
        <span title={`${item.likes} likes`}>♥ {formatCount(item.likes)}</span>
        {item.pipelineTag && <span>{item.pipelineTag}</span>}
        {item.lastModified && <span title={item.lastModified}>{formatAgo(item.lastModified)}</span>}
      </span>
    </button>
  );
}
