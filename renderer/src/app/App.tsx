import { lazy, Suspense, useEffect, useState } from 'react';
import type { AppInfo } from '@shared/api/types';
import { api } from '../platform/bridge';
import { ChecklistRail } from '../features/checklist/ChecklistRail';
import { useProjectStore } from '../features/project/projectStore';
import { StartPage } from '../features/start/StartPage';
import { openDroppedPortOrCheckpoint, startUp } from '../features/start/startActions';
import { useMainView } from '../features/hub/mainView';
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

// The editors (Monaco) are their own chunk, fetched from main.tsx while the first checkpoint opens;
// the Hub model page (README rendering) loads when first shown.
const PortView = lazy(() => import('../features/port/PortView').then((m) => ({ default: m.PortView })));
const ModelPage = lazy(() => import('../features/hub/ModelPage').then((m) => ({ default: m.ModelPage })));

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const checkpoint = usePortStore((s) => s.checkpoint);
  const openError = usePortStore((s) => s.openError);
  const panelOpen = usePanelStore((s) => s.open);
  const [dragging, setDragging] = useState(false);
  const model = usePortModel();
  const hubModel = useMainView((s) => s.view === 'hub-model');
  const home = useProjectStore((s) => s.home);

  useEffect(() => {
    api.app.info().then((appInfo) => {
      setInfo(appInfo);
      void startUp(appInfo);
    }, (err: Error) => usePortStore.getState().failed(err.message));
  }, []);
  // Opening a checkpoint or a port leaves the start page.
  useEffect(() => {
    if (checkpoint) useProjectStore.getState().showHome(false);
  }, [checkpoint]);

  useEffect(() => {
    const offCommands = registerAppCommands();
    const offKeys = installShortcuts();
    return () => {
      offKeys();
      offCommands();
    };
  }, []);

  const main = home || !checkpoint ? (
    <>
      {openError && !checkpoint && <div className="banner banner-error" role="alert">{openError}</div>}
      <StartPage />
    </>
  ) : (
    panelOpen ? (
      <Splitter direction="vertical" initial={0.58} storageKey="main.panel" label="Resize the bottom panel" minPx={[200, 150]}>
        <PortView model={model} />
        <BottomPanel model={model} />
      </Splitter>
    ) : (
      <PortView model={model} />
    )
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
        void openDroppedPortOrCheckpoint(e.dataTransfer.files);
      }}
    >
      <div className="workbench">
        <ChecklistRail steps={model.steps} portDir={model.port?.dir ?? null} unsaved={model.unsaved} />
        <Splitter direction="horizontal" initial={0.24} storageKey="sidebar" label="Resize the checkpoint browser" minPx={[220, 480]}>
          <Sidebar />
          <main className="main">
            {openError && checkpoint && <ErrorBanner message={openError} onDismiss={() => usePortStore.getState().failed('')} />}
            <Suspense fallback={<div className="empty-state">Loading…</div>}>{hubModel ? <ModelPage /> : main}</Suspense>
          </main>
        </Splitter>
      </div>
      <StatusBar info={info} model={model} />
      <QuickPick />
      <ShortcutsPage />
    </div>
  );
}
