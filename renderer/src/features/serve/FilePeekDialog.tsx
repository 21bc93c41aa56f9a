import { useEffect, useState } from 'react';
import { MonacoEditor } from '../../editor/MonacoEditor';
import { monaco } from '../../editor/monacoSetup';
import { useServeStore } from './serveStore';

type Editor = monaco.editor.IStandaloneCodeEditor;

/** The package file a traceback points at, as it is on disk, scrolled to the failing line and marked. */
export function FilePeekDialog() {
  const peek = useServeStore((s) => s.peek);
  const [editor, setEditor] = useState<Editor | null>(null);
  useEffect(() => {
    if (!editor || !peek) return;
    const frame = requestAnimationFrame(() => {
      const decorations = editor.createDecorationsCollection([{ range: new monaco.Range(peek.line, 1, peek.line, 1), options: { isWholeLine: true, className: 'serve-failing-line', linesDecorationsClassName: 'serve-failing-gutter' } }]);
      editor.revealLineInCenter(peek.line);
      editor.setPosition({ lineNumber: peek.line, column: 1 });
      return () => decorations.clear();
    });
    return () => cancelAnimationFrame(frame);
  }, [editor, peek]);
  if (!peek) return null;
  const close = () => useServeStore.getState().setPeek(null);
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label={`${peek.file} at line ${peek.line}`} onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="modal modal-wide">
        <h3>
          <span className="mono" data-testid="serve-peek-title">{peek.file}:{peek.line}</span> <span className="muted">{peek.path}</span>
        </h3>
        <div className="serve-peek-editor" data-testid="serve-peek">
          <MonacoEditor path={`port-file/${peek.path}`} value={peek.text} language={peek.file.endsWith('.py') ? 'python' : peek.file.endsWith('.json') ? 'json' : 'markdown'} readOnly onMount={setEditor} ariaLabel={`${peek.file} (on disk)`} />
        </div>
        <p className="muted serve-peek-line" data-testid="serve-peek-line">{peek.line}: {peek.text.split('\n')[peek.line - 1] ?? ''}</p>
        <div className="modal-buttons">
          <button className="button" onClick={close} autoFocus>Close</button>
        </div>
      </div>
    </div>
  );
}
