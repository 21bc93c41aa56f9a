import { useEffect, useMemo, useState } from 'react';
import type { AppInfo } from '@shared/api/types';
import { STEP_ORDER, type StepId } from '@shared/checklist/steps';
import { api } from '../platform/bridge';
import { ChecklistRail } from '../features/checklist/ChecklistRail';
import { Explorer } from '../features/checkpoints/Explorer';
import { openDropped } from '../features/checkpoints/dropToOpen';
import { openExample, openSource, pickAndOpenFolder } from '../features/checkpoints/openActions';
import { PortView } from '../features/port/PortView';
import { usePortStore } from '../features/port/portStore';
import { usePortModel } from '../features/port/usePortModel';
import { BottomPanel, usePanelStore } from './BottomPanel';
import { Splitter } from './Splitter';
import { StatusBar } from './StatusBar';
import { useShortcuts } from './useShortcuts';

const FILE_FOR_STEP: Partial<Record<StepId, string>> = {
  'map-fields': 'model_config.py',
  'build-layers': 'model.py',
  register: 'arch.py',
  'map-weights': 'weight_adapters.py',
  'validate-logits': 'PORTING.md',
  serve: 'PORTING.md',
};

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const checkpoint = usePortStore((s) => s.checkpoint);
  const openError = usePortStore((s) => s.openError);
  const activeStep = usePortStore((s) => s.activeStep);
  const panelOpen = usePanelStore((s) => s.open);
  const [dragging, setDragging] = useState(false);
  const model = usePortModel();

  useEffect(() => {
    api.app.info().then((appInfo) => {
      setInfo(appInfo);
      // First start shows an embedded example, so there is something real on screen with no setup.
      if (appInfo.openOnStart) void openSource(appInfo.openOnStart);
      else if (!usePortStore.getState().checkpoint) void openExample('tinyllama-1.1b-chat');
    }, (err: Error) => usePortStore.getState().failed(err.message));
  }, []);

  useEffect(() => {
    const file = FILE_FOR_STEP[activeStep];
    if (file) usePortStore.getState().setActiveFile(file);
    usePanelStore.getState().show('step');
  }, [activeStep]);

  const actions = useMemo(
    () => ({
      openFolder: () => void pickAndOpenFolder().then((opened) => !opened && document.getElementById('open-path')?.focus()),
      focusPath: () => document.getElementById('open-path')?.focus(),
      selectStep: (i: number) => usePortStore.getState().setActiveStep(STEP_ORDER[i]),
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
        <Splitter direction="horizontal" initial={0.2} min={0.12} storageKey="sidebar">
          <aside className="sidebar" aria-label="Checkpoints">
            <Explorer />
          </aside>
          <main className="main">
            {openError && checkpoint && (
              <div className="banner banner-error" role="alert">
                {openError}
                <button className="icon-button" aria-label="Dismiss" onClick={() => usePortStore.getState().failed('')}>×</button>
              </div>
            )}
            {main}
          </main>
        </Splitter>
      </div>
      <StatusBar info={info} model={model} />
    </div>
  );
}
