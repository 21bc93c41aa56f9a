import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { monaco } from '../../editor/monacoSetup';
import { usePortStore } from '../port/portStore';
import { resolveConflict } from './projectActions';
import { useProjectStore } from './projectStore';

/**
 * A file the user edited that regeneration could not merge: their version (left) beside the new
 * one (right, editable). Nothing is written until they choose.
 */
export function ConflictDialog() {
  const conflict = useProjectStore((s) => s.conflict);
  const result = useProjectStore((s) => s.result);
  const source = usePortStore((s) => s.checkpoint?.source ?? null);
  const dir = useProjectStore((s) => (source ? s.dirs[source] : undefined));
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);

  useEffect(() => {
    if (!conflict || !host.current) return;
    const diff = monaco.editor.createDiffEditor(host.current, {
      automaticLayout: true,
      renderSideBySide: true,
      originalEditable: false,
      readOnly: false,
      theme: matchMedia('(prefers-color-scheme: dark)').matches ? 'vs-dark' : 'vs',
    });
    const original = monaco.editor.createModel(conflict.ours, 'python');
    const modified = monaco.editor.createModel(conflict.theirs, 'python');
    diff.setModel({ original, modified });
    editor.current = diff;
    return () => {
      diff.dispose();
      original.dispose();
      modified.dispose();
    };
  }, [conflict]);

  if (!conflict || !result || !dir) return null;
  const close = () => useProjectStore.getState().showConflict(null);
  const save = (content: string) => void resolveConflict(dir, result.packageName, conflict.path, content);
  // In a portal: a pane is its own stacking context, so a dialog inside it would sit under the next pane.
  return createPortal(
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label={`Resolve ${conflict.path}`}>
      <div className="modal modal-wide">
        <h3>Resolve {conflict.path}</h3>
        <div className="diff-labels"><span>Your file (kept until you choose)</span><span>Newly generated (editable)</span></div>
        <div className="diff-host" ref={host} data-testid="conflict-diff" />
        <div className="modal-buttons">
          <button className="button" onClick={close}>Later</button>
          <button className="button" onClick={() => save(conflict.ours)}>Keep mine</button>
          <button className="button primary" onClick={() => save(editor.current?.getModifiedEditor().getValue() ?? conflict.theirs)}>Use the right side</button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
