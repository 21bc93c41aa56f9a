import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { merge3 } from '@shared/merge/merge3';
import { monaco } from '../../editor/monacoSetup';
import { resolveConflict } from './projectActions';
import { useProjectStore } from './projectStore';

/**
 * A file the user edited that regeneration could not merge: Monaco's diff editor between the file on
 * disk (left) and the new generation (right, editable). "Keep mine", "Take theirs", or the edited
 * right side as the merged result; each saved atomically, nothing written before the user chooses.
 */
export function ConflictDialog() {
  const conflict = useProjectStore((s) => s.conflict);
  const port = useProjectStore((s) => s.port);
  const error = useProjectStore((s) => s.error);
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!conflict || !host.current) return;
    const language = conflict.path.endsWith('.md') ? 'markdown' : 'python';
    const diff = monaco.editor.createDiffEditor(host.current, {
      automaticLayout: true,
      renderSideBySide: true,
      originalEditable: false,
      readOnly: false,
      theme: matchMedia('(prefers-color-scheme: dark)').matches ? 'vs-dark' : 'vs',
    });
    const original = monaco.editor.createModel(conflict.ours, language);
    const modified = monaco.editor.createModel(conflict.theirs, language);
    // Our own view model, so that closing cancels a diff still being computed: disposing the models
    // under a running computation made Monaco throw "no diff result available".
    const view = diff.createViewModel({ original, modified });
    diff.setModel(view);
    editor.current = diff;
    return () => {
      editor.current = null;
      diff.setModel(null);
      view.dispose();
      diff.dispose();
      original.dispose();
      modified.dispose();
    };
  }, [conflict]);

  if (!conflict || !port) return null;
  const file = conflict.path.slice(conflict.path.indexOf('/') + 1);
  const close = () => useProjectStore.getState().showConflict(null);
  const save = async (content: string, how: string) => {
    setSaving(true);
    await resolveConflict(port.dir, port.project.packageName, file, content, how);
    setSaving(false);
  };
  const right = () => editor.current?.getModifiedEditor().getValue() ?? conflict.theirs;
  // In a portal: a pane is its own stacking context, so a dialog inside it would sit under the next pane.
  return createPortal(
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label={`Resolve ${conflict.path}`} onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="modal modal-wide">
        <h3>Resolve {conflict.path}</h3>
        <div className="diff-labels"><span>The file on disk (yours)</span><span>The new generation: edit it into the merged result</span></div>
        <div className="diff-host" ref={host} data-testid="conflict-diff" />
        {error && <div className="problem problem-error" role="alert">{error}</div>}
        <div className="modal-buttons">
          <button className="button" onClick={() => editor.current?.getModifiedEditor().setValue(merge3(conflict.base, conflict.ours, conflict.theirs).text)} title="Put both sides' changes on the right, with conflict markers where they clash">Merge with markers</button>
          <span className="grow" />
          <button className="button" onClick={close}>Later</button>
          <button className="button" disabled={saving} onClick={() => void save(conflict.ours, 'kept yours')}>Keep mine</button>
          <button className="button" disabled={saving} onClick={() => void save(conflict.theirs, 'took the new generation')}>Take theirs</button>
          <button className="button primary" disabled={saving} onClick={() => void save(right(), 'merged result')} data-testid="save-merged">Save merged</button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
