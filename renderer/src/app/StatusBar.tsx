import type { AppInfo } from '@shared/api/types';
import { toggleTabMovesFocus } from '../editor/editorPrefs';
import { useEditorStatus } from '../editor/editorPrefs';
import { checkpointTitle, checkpointWhere } from '../features/checkpoints/displayName';
import type { PortModel } from '../features/port/usePortModel';
import { usePortStore } from '../features/port/portStore';
import { formatChord, isMac } from './commands/keys';
import { showCommandPalette } from './appCommands';
import { usePanelStore } from './panelStore';

/** One line at the bottom: the face, problems, steps, the baseline; the checkpoint's name shrinks first (full text on hover). */
export function StatusBar({ info, model }: { info: AppInfo | null; model: PortModel }) {
  const checkpoint = usePortStore((s) => s.checkpoint);
  const loading = usePortStore((s) => s.loading);
  const tabMovesFocus = useEditorStatus((s) => s.tabMovesFocus);
  const configFocused = useEditorStatus((s) => s.configFocused);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of model.analysis?.diagnostics ?? []) counts[d.severity]++;
  if (model.parseError) counts.error++;
  const done = model.steps.filter((s) => s.state === 'done').length;
  const baseline = model.analysis ? (model.analysis.baseline.match === 'none' ? 'no MAX baseline' : `baseline ${model.analysis.baseline.folder} (${model.analysis.baseline.match})`) : null;
  return (
    <footer className="statusbar" role="status">
      <span className="sb-item">{info ? (info.face === 'browser' ? 'Browser mode' : 'Desktop') : '…'}</span>
      <button className="sb-item sb-button" title="Errors and warnings in config.json: show Problems" onClick={() => usePanelStore.getState().show('problems')}>
        ⊗ {counts.error} ⚠ {counts.warning}
      </button>
      <span className="sb-item">{done}/{model.steps.length} steps done</span>
      {baseline && <span className="sb-item sb-shrink" title={baseline}>{baseline}</span>}
      <span className="grow" />
      {loading && <span className="sb-item">Opening…</span>}
      {(tabMovesFocus || configFocused) && (
        <button
          className="sb-item sb-button"
          data-testid="tab-focus-status"
          title={`What Tab does in an editor; ${formatChord('Ctrl+M', isMac)} or click to switch`}
          // Keep the editor focused: the click must not take focus from it.
          onMouseDown={(e) => e.preventDefault()}
          onClick={toggleTabMovesFocus}
        >
          {tabMovesFocus ? 'Tab moves focus' : `Tab indents · ${formatChord('Ctrl+M', isMac)}: Tab moves focus`}
        </button>
      )}
      {checkpoint && (
        <span className="sb-item sb-shrink mono" title={checkpointWhere(checkpoint)} data-testid="status-checkpoint">
          {checkpointTitle(checkpoint)}
        </span>
      )}
      {model.generated && <span className="sb-item">MAX {model.generated.maxVersion}</span>}
      <button className="sb-item sb-button" title={`All commands and their shortcuts (${formatChord('Mod+Shift+P', isMac)})`} onClick={showCommandPalette} data-testid="open-palette">
        ⌘ Commands
      </button>
      <span className="sb-item">Bringup {info?.version ?? ''}</span>
    </footer>
  );
}
