import { useEffect, useState } from 'react';
import { refreshCache, watchCache } from '../features/cache/cacheActions';
import { Explorer } from '../features/checkpoints/Explorer';
import { HubSearch } from '../features/hub/HubSearch';
import { HubSettings } from '../features/hub/HubSettings';
import { watchDownloads } from '../features/hub/hubActions';
import { useHubStore } from '../features/hub/hubStore';
import { loadHubSettings } from '../features/hub/settingsActions';

type Tab = 'local' | 'hub';
const TAB_KEY = 'bringup.sidebar.tab';

/** The checkpoint browser: Local (open, examples, recent, HF cache, folders) and Hub tabs, the offline badge, Hub settings. */
export function Sidebar() {
  const [tab, setTab] = useState<Tab>(() => (localStorage.getItem(TAB_KEY) === 'hub' ? 'hub' : 'local'));
  const [settingsOpen, setSettingsOpen] = useState(false);
  const status = useHubStore((s) => s.status);
  const token = useHubStore((s) => s.token);

  useEffect(() => {
    void loadHubSettings();
    void refreshCache();
    const offCache = watchCache();
    // A finished download changes the cache now; the watcher's debounced event may come later.
    const offDownloads = watchDownloads(() => void refreshCache());
    return () => {
      offCache();
      offDownloads();
    };
  }, []);

  const choose = (next: Tab) => {
    setTab(next);
    localStorage.setItem(TAB_KEY, next);
  };
  const reason = status?.offlineReason === 'env' ? 'HF_HUB_OFFLINE is set' : 'the Offline setting is on';

  return (
    <aside className="sidebar browser" aria-label="Checkpoints">
      <div className="sidebar-tabs" role="tablist" aria-label="Checkpoint sources">
        {(['local', 'hub'] as const).map((t) => (
          <button key={t} role="tab" className={`tab ${tab === t ? 'active' : ''}`} aria-selected={tab === t} onClick={() => choose(t)} data-testid={`tab-${t}`}>
            {t === 'local' ? 'Local' : 'Hub'}
          </button>
        ))}
        <span className="grow" />
        {status?.offline && (
          <span className="offline-badge" data-testid="offline-badge" title={`Offline: ${reason}. Only the HF cache and local folders are used.`}>
            Offline
          </span>
        )}
        <button
          className={`icon-button ${settingsOpen ? 'on' : ''}`}
          aria-label="Hub settings"
          aria-expanded={settingsOpen}
          title={`Hub settings${token?.present ? ' (token set)' : ''}`}
          onClick={() => setSettingsOpen((o) => !o)}
          data-testid="hub-settings-toggle"
        >
          ⚙
        </button>
      </div>
      {settingsOpen && <HubSettings />}
      <div className={`sidebar-body sidebar-${tab}`} role="tabpanel">
        {tab === 'local' ? <Explorer /> : <HubSearch />}
      </div>
    </aside>
  );
}
