import { useEffect } from 'react';
import { refreshCache, watchCache } from '../features/cache/cacheActions';
import { Explorer } from '../features/checkpoints/Explorer';
import { HubSearch } from '../features/hub/HubSearch';
import { HubSettings } from '../features/hub/HubSettings';
import { watchDownloads } from '../features/hub/hubActions';
import { useHubStore } from '../features/hub/hubStore';
import { loadHubSettings } from '../features/hub/settingsActions';
import { useSidebarStore } from './sidebarStore';

/** The checkpoint browser: Local (open, examples, recent, HF cache, folders) and Hub tabs, the offline badge, Hub settings. */
export function Sidebar() {
  const tab = useSidebarStore((s) => s.tab);
  const settingsOpen = useSidebarStore((s) => s.settingsOpen);
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

  const choose = useSidebarStore.getState().setTab;
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
          <button
            className="offline-badge"
            data-testid="offline-badge"
            title={`Offline: ${reason}. Only the HF cache and local folders are used.${status.offlineReason === 'env' ? '' : ' Click for Hub settings to go online.'}`}
            onClick={() => useSidebarStore.getState().setSettingsOpen(true)}
          >
            Offline
          </button>
        )}
        <button
          className={`icon-button ${settingsOpen ? 'on' : ''}`}
          aria-label="Hub settings"
          aria-expanded={settingsOpen}
          title={`Hub settings${token?.present ? ' (token set)' : ''}`}
          onClick={() => useSidebarStore.getState().setSettingsOpen(!settingsOpen)}
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
