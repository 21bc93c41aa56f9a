import { useEffect, useState } from 'react';
import type { AppInfo } from '@shared/api/types';
import { api } from '../platform/bridge';
import { ChecklistRail } from '../features/checklist/ChecklistRail';
import { openDropped } from '../features/checkpoints/dropToOpen';
import { openExample, openSource } from '../features/checkpoints/openActions';
import { ModelPage } from '../features/hub/ModelPage';
import { useMainView } from '../features/hub/mainView';
import { PortView } from '../features/port/PortView';
import { usePortStore } from '../features/port/portStore';
import { usePortModel } from '../features/port/usePortModel';
import { registerAppCommands } from './appCommands';
import { BottomPanel } from './BottomPanel';
import { QuickPick } from './commands/QuickPick';
import { installShortcuts } from './commands/registry';
import { ShortcutsPage } from './commands/ShortcutsPage';
import { ErrorBanner } from './ErrorBanner';
import { usePanelStore } from './panelStore';
import { Sidebar } from './Sidebar';
import { Splitter } from './Splitter';
import { StatusBar } from './StatusBar';

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const checkpoint = usePortStore((s) => s.checkpoint);
  const openError = usePortStore((s) => s.openError);
  const panelOpen = usePanelStore((s) => s.open);
  const [dragging, setDragging] = useState(false);
  const model = usePortModel();
  const hubModel = useMainView((s) => s.view === 'hub-model');

  useEffect(() => {
    api.app.info().then((appInfo) => {
      setInfo(appInfo);
      // First start shows an embedded example, so there is something real on screen with no setup.
      if (appInfo.openOnStart) void openSource(appInfo.openOnStart);
      else if (!usePortStore.getState().checkpoint) void openExample('tinyllama-1.1b-chat');
    }, (err: Error) => usePortStore.getState().failed(err.message));
  }, []);

  useEffect(() => {
    const offCommands = registerAppCommands();
    const offKeys = installShortcuts();
    return () => {
      offKeys();
      offCommands();
    };
  }, []);

  const main = checkpoint ? (
    panelOpen ? (
      <Splitter direction="vertical" initial={0.58} storageKey="main.panel" label="Resize the bottom panel" minPx={[200, 150]}>
        <PortView model={model} />
        <BottomPanel model={model} />
      </Splitter>
    ) : (
      <PortView model={model} />
    )
  ) : (
    <div className="empty-state">{openError ?? 'Opening the example…'}</div>
  );

  return (
    <div
      className={`app ${dragging ? 'dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void openDropped(e.dataTransfer.files);
      }}
    >
      <div className="workbench">
        <ChecklistRail steps={model.steps} />
        <Splitter direction="horizontal" initial={0.24} storageKey="sidebar" label="Resize the checkpoint browser" minPx={[220, 480]}>
          <Sidebar />
          <main className="main">
            {openError && checkpoint && <ErrorBanner message={openError} onDismiss={() => usePortStore.getState().failed('')} />}
            {hubModel ? <ModelPage /> : main}
          </main>
        </Splitter>
      </div>
      <StatusBar info={info} model={model} />
      <QuickPick />
      <ShortcutsPage />
    </div>
  );
}
