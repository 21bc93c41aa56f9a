import { useCallback, useEffect, useRef, useState } from 'react';
import { rangeOfPath } from '@shared/json/paths';
import { MonacoEditor } from '../../editor/MonacoEditor';
import { monaco } from '../../editor/monacoSetup';
import { Splitter } from '../../app/Splitter';
import { configDecorations, diagnosticMarkers } from './configAnnotations';
import { configPathAtCursor, linesForPath, revealConfigPath } from './linking';
import { usePortStore } from './portStore';
import type { PortModel } from './usePortModel';
import { revealRequests } from './revealRequests';
import { PackageActions } from '../project/PackageActions';
import { ConflictDialog } from '../project/ConflictDialog';

type Editor = monaco.editor.IStandaloneCodeEditor;

/** config.json (left) beside the generated package (right), linked both ways through the source map. */
export function PortView({ model }: { model: PortModel }) {
  const checkpoint = usePortStore((s) => s.checkpoint)!;
  const configText = usePortStore((s) => s.configText);
  const setConfigText = usePortStore((s) => s.setConfigText);
  const activeFile = usePortStore((s) => s.activeFile);
  const setActiveFile = usePortStore((s) => s.setActiveFile);
  const [configEditor, setConfigEditor] = useState<Editor | null>(null);
  const [codeEditor, setCodeEditor] = useState<Editor | null>(null);
  const configDecos = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const configHighlight = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const codeHighlight = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const [linkNote, setLinkNote] = useState<string>('Click a field in config.json to see the code it produced.');

  const files = model.generated?.files ?? [];
  const file = files.find((f) => f.path === activeFile) ?? files[0] ?? null;
  const modelKey = checkpoint.source;

  // Annotations and problem markers follow each analysis.
  useEffect(() => {
    const textModel = configEditor?.getModel();
    if (!configEditor || !textModel) return;
    configDecos.current ??= configEditor.createDecorationsCollection();
    const text = textModel.getValue();
    configDecos.current.set(model.analysis ? configDecorations(text, textModel, model.analysis) : []);
    const markers = model.analysis ? diagnosticMarkers(textModel, model.analysis, (p) => rangeOfPath(text, p)) : [];
    if (model.parseError) {
      const at = textModel.getPositionAt(model.parseError.offset);
      markers.push({ severity: monaco.MarkerSeverity.Error, message: model.parseError.message, startLineNumber: at.lineNumber, startColumn: at.column, endLineNumber: at.lineNumber, endColumn: at.column + 1, source: 'json' });
    }
    monaco.editor.setModelMarkers(textModel, 'bringup', markers);
  }, [configEditor, model.analysis, model.parseError]);

  const revealInCode = useCallback(
    (path: string) => {
      if (!codeEditor) return;
      let target = file;
      let hits = target ? linesForPath(target.lines, path) : [];
      if (!hits.length) {
        target = files.find((f) => linesForPath(f.lines, path).length) ?? target;
        hits = target ? linesForPath(target.lines, path) : [];
        if (target && target.path !== activeFile) setActiveFile(target.path);
      }
      codeHighlight.current ??= codeEditor.createDecorationsCollection();
      if (!hits.length || !target) {
        codeHighlight.current.clear();
        setLinkNote(`${path}: no generated line comes from this field`);
        return;
      }
      // The editor switches models on the next render when the file changed; reveal after it.
      requestAnimationFrame(() => {
        codeHighlight.current!.set(hits.map((h) => ({ range: new monaco.Range(h.line, 1, h.line, 1), options: { isWholeLine: true, className: 'linked-line' } })));
        codeEditor.revealLinesInCenterIfOutsideViewport(hits[0].line, hits[hits.length - 1].line);
      });
      setLinkNote(`${path} → ${target.path}:${hits[0].line} · ${hits[0].why}`);
    },
    [codeEditor, file, files, activeFile, setActiveFile],
  );

  const revealInConfig = useCallback(
    (path: string) => {
      if (!configEditor) return;
      configHighlight.current ??= configEditor.createDecorationsCollection();
      const range = revealConfigPath(configEditor, path);
      configHighlight.current.set(range ? [{ range, options: { className: 'linked-range', isWholeLine: false } }] : []);
      if (range) configEditor.setSelection(new monaco.Selection(range.startLineNumber, range.startColumn, range.startLineNumber, range.startColumn));
    },
    [configEditor],
  );

  // Each generated line that came from a field says so on hover, with the reason.
  const whyDecos = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  useEffect(() => {
    if (!codeEditor) return;
    whyDecos.current ??= codeEditor.createDecorationsCollection();
    const frame = requestAnimationFrame(() =>
      whyDecos.current!.set(
        (file?.lines ?? []).map((l) => ({
          range: new monaco.Range(l.line, 1, l.line, 1),
          options: { isWholeLine: true, linesDecorationsClassName: 'generated-why', hoverMessage: { value: `from \`${l.configPath}\`: ${l.why.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`)}` } },
        })),
      ),
    );
    return () => cancelAnimationFrame(frame);
  }, [codeEditor, file]);

  // Config → code on user cursor moves.
  useEffect(() => {
    if (!configEditor) return;
    const sub = configEditor.onDidChangeCursorPosition((e) => {
      if (e.source !== 'mouse' && e.source !== 'keyboard') return;
      const path = configPathAtCursor(configEditor);
      if (path) revealInCode(path);
    });
    return () => sub.dispose();
  }, [configEditor, revealInCode]);

  // Code → config on user cursor moves.
  useEffect(() => {
    if (!codeEditor || !file) return;
    const sub = codeEditor.onDidChangeCursorPosition((e) => {
      if (e.source !== 'mouse' && e.source !== 'keyboard') return;
      const hit = file.lines.find((l) => l.line === e.position.lineNumber);
      if (!hit) return;
      revealInConfig(hit.configPath);
      setLinkNote(`${file.path}:${hit.line} ← ${hit.configPath} · ${hit.why}`);
    });
    return () => sub.dispose();
  }, [codeEditor, file, revealInConfig]);

  // Requests from elsewhere (Problems, Summary, Fields): reveal a config path on both sides.
  useEffect(
    () =>
      revealRequests.subscribe((path) => {
        revealInConfig(path);
        revealInCode(path);
        configEditor?.focus();
      }),
    [revealInConfig, revealInCode, configEditor],
  );

  return (
    <Splitter direction="horizontal" initial={0.5} storageKey="port.split">
      <section className="pane" aria-label="config.json">
        <header className="pane-header">
          <span className="tab active" title={checkpoint.configPath}>config.json</span>
          <span className="pane-sub">{checkpoint.label}</span>
        </header>
        <div className="pane-body" data-testid="config-editor">
          <MonacoEditor path={`${modelKey}/config.json`} value={configText} language="json" onChange={setConfigText} onMount={setConfigEditor} ariaLabel="config.json editor" />
        </div>
      </section>
      <section className="pane" aria-label="Generated package">
        <header className="pane-header">
          <div className="tabs-scroll" role="tablist">
          {files.map((f) => (
            <button key={f.path} role="tab" aria-selected={f === file} className={`tab ${f === file ? 'active' : ''}`} onClick={() => setActiveFile(f.path)}>
              {f.path}
            </button>
          ))}
          {!files.length && <span className="tab">generated package</span>}
          </div>
          <PackageActions />
        </header>
        <div className="pane-body" data-testid="code-editor">
          {file ? (
            <MonacoEditor path={`${modelKey}/generated/${file.path}`} value={file.content} language={file.language} readOnly onMount={setCodeEditor} ariaLabel={`${file.path} (generated)`} />
          ) : (
            <div className="empty-state">{model.generateError ?? model.parseError?.message ?? 'Nothing generated yet'}</div>
          )}
        </div>
        <footer className="link-note" data-testid="link-note">{linkNote}</footer>
        <ConflictDialog />
      </section>
    </Splitter>
  );
}
