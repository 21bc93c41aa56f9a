import { useEffect, useMemo, useState } from 'react';
import type { AppInfo } from '@shared/api/types';
import { STEP_ORDER } from '@shared/checklist/steps';
import { selectStep } from '../features/checklist/selectStep';
import { api } from '../platform/bridge';
import { ChecklistRail } from '../features/checklist/ChecklistRail';
import { pickAndOpenFolder } from '../features/checkpoints/openActions';
import { useProjectStore } from '../features/project/projectStore';
import { StartPage } from '../features/start/StartPage';
import { openDroppedPortOrCheckpoint, startUp } from '../features/start/startActions';
import { ModelPage } from '../features/hub/ModelPage';
import { useMainView } from '../features/hub/mainView';
import { PortView } from '../features/port/PortView';
import { usePortStore } from '../features/port/portStore';
import { usePortModel } from '../features/port/usePortModel';
import { BottomPanel } from './BottomPanel';
import { usePanelStore } from './panelStore';
import { Sidebar } from './Sidebar';
import { Splitter } from './Splitter';
import { StatusBar } from './StatusBar';
import { useShortcuts } from './useShortcuts';

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

  const main = home || !checkpoint ? (
    <>
      {openError && !checkpoint && <div className="banner banner-error" role="alert">{openError}</div>}
      <StartPage />
    </>
  ) : (
    panelOpen ? (
      <Splitter direction="vertical" initial={0.68} storageKey="main.panel">
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
        <Splitter direction="horizontal" initial={0.26} min={0.12} storageKey="sidebar">
          <Sidebar />
          <main className="main">
            {openError && checkpoint && (
              <div className="banner banner-error" role="alert">
                {openError}
                <button className="icon-button" aria-label="Dismiss" onClick={() => usePortStore.getState().failed('')}>×</button>
              </div>
            )}
            {hubModel ? <ModelPage /> : main}
          </main>
        </Splitter>
      </div>
      <StatusBar info={info} model={model} />
    </div>
  );
}
