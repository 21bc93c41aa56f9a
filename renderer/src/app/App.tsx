import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { AppInfo } from '@shared/api/types';
import { STEP_ORDER } from '@shared/checklist/steps';
import { selectStep } from '../features/checklist/selectStep';
import { api } from '../platform/bridge';
import { ChecklistRail } from '../features/checklist/ChecklistRail';
import { openDropped } from '../features/checkpoints/dropToOpen';
import { openExample, openSource, pickAndOpenFolder } from '../features/checkpoints/openActions';
import { useMainView } from '../features/hub/mainView';
import { usePortStore } from '../features/port/portStore';
import { usePortModel } from '../features/port/usePortModel';
import { BottomPanel } from './BottomPanel';
import { usePanelStore } from './panelStore';
import { Sidebar } from './Sidebar';
import { Splitter } from './Splitter';
import { StatusBar } from './StatusBar';
import { useShortcuts } from './useShortcuts';

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

  useEffect(() => {
    api.app.info().then((appInfo) => {
      setInfo(appInfo);
      // First start shows an embedded example, so there is something real on screen with no setup.
      if (appInfo.openOnStart) void openSource(appInfo.openOnStart);
      else if (!usePortStore.getState().checkpoint) void openExample('tinyllama-1.1b-chat');
    }, (err: Error) => usePortStore.getState().failed(err.message));
  }, []);

  const actions = useMemo(
    () => ({
      openFolder: () => void pickAndOpenFolder().then((opened) => !opened && document.getElementById('open-path')?.focus()),
      focusPath: () => document.getElementById('open-path')?.focus(),
      selectStep: (i: number) => selectStep(STEP_ORDER[i]),
      togglePanel: () => usePanelStore.getState().toggle(),
      showProblems: () => usePanelStore.getState().show('problems'),
    }),
    [],
  );
  useShortcuts(actions);

  const main = checkpoint ? (
    panelOpen ? (
      <Splitter direction="vertical" initial={0.68} storageKey="main.panel">
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
        <Splitter direction="horizontal" initial={0.26} min={0.12} storageKey="sidebar">
          <Sidebar />
          <main className="main">
            {openError && checkpoint && (
              <div className="banner banner-error" role="alert">
                {openError}
                <button className="icon-button" aria-label="Dismiss" onClick={() => usePortStore.getState().failed('')}>×</button>
              </div>
            )}
            <Suspense fallback={<div className="empty-state">Loading…</div>}>{hubModel ? <ModelPage /> : main}</Suspense>
          </main>
        </Splitter>
      </div>
      <StatusBar info={info} model={model} />
    </div>
  );
}
