import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { rangeOfPath } from '@shared/json/paths';
import { MonacoEditor } from '../../editor/MonacoEditor';
import { monaco } from '../../editor/monacoSetup';
import { Splitter } from '../../app/Splitter';
import { configDecorations, diagnosticMarkers, findingMarkers } from './configAnnotations';
import { alignLines, type DiskAlignment } from './diskAlign';
import { offerQuickFixes } from './quickFixes';
import { configPathAtCursor, linesForPath, revealConfigPath } from './linking';
import { usePortStore } from './portStore';
import type { PortModel } from './usePortModel';
import { revealRequests } from './revealRequests';
import { PackageActions } from '../project/PackageActions';
import { ConflictDialog } from '../project/ConflictDialog';
import { WriteFeedback } from '../project/WriteFeedback';
import { useProjectStore } from '../project/projectStore';
import { ChangesView } from '../changes/ChangesView';

type Editor = monaco.editor.IStandaloneCodeEditor;

/** A package file as the code pane shows it: on a written port the file on disk, aligned to a fresh generation. */
interface ShownFile {
  path: string;
  language: 'python' | 'markdown';
  content: string;
  /** Source map of the fresh generation, in the shown file's lines. */
  lines: Array<{ line: number; configPath: string; why: string }>;
  align: DiskAlignment | null;
  onDisk: boolean;
}

/**
 * config.json (left) beside the package (right), linked both ways through the source map. Once the
 * port is written the right side shows each file as it is on disk, marking where it differs from a
 * fresh generation (your edits, or what the next Write would change).
 */
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

  const mode = useProjectStore((s) => s.mode);
  const setMode = useProjectStore((s) => s.setMode);
  const files = useMemo(() => shownFiles(model), [model]);
  const file = files.find((f) => f.path === activeFile) ?? files[0] ?? null;
  const modelKey = checkpoint.source;
  const conflicts = model.port?.files.filter((f) => f.state === 'conflict').length ?? 0;

  // Annotations and problem markers follow each analysis.
  useEffect(() => {
    const textModel = configEditor?.getModel();
    if (!configEditor || !textModel) return;
    configDecos.current ??= configEditor.createDecorationsCollection();
    const text = textModel.getValue();
    configDecos.current.set(model.analysis ? configDecorations(text, textModel, model.analysis) : []);
    const markers = model.analysis ? diagnosticMarkers(textModel, model.analysis, (p) => rangeOfPath(text, p)) : [];
    // The checklist's findings on their fields (a contradiction with the weights, with its quick fix).
    const found = findingMarkers(textModel, model.problemSteps, (p) => rangeOfPath(text, p));
    markers.push(...found.markers);
    offerQuickFixes(textModel, found.fixes);
    if (model.parseError) {
      const at = textModel.getPositionAt(model.parseError.offset);
      markers.push({ severity: monaco.MarkerSeverity.Error, message: model.parseError.message, startLineNumber: at.lineNumber, startColumn: at.column, endLineNumber: at.lineNumber, endColumn: at.column + 1, source: 'json' });
    }
    monaco.editor.setModelMarkers(textModel, 'bringup', markers);
  }, [configEditor, model.analysis, model.parseError, model.problemSteps]);

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

  // Each generated line that came from a field says so on hover, with the reason; on disk, lines that differ from a fresh generation are marked.
  const whyDecos = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  useEffect(() => {
    if (!codeEditor) return;
    whyDecos.current ??= codeEditor.createDecorationsCollection();
    const frame = requestAnimationFrame(() =>
      whyDecos.current!.set([
        ...(file?.lines ?? []).map((l) => ({
          range: new monaco.Range(l.line, 1, l.line, 1),
          options: { isWholeLine: true, linesDecorationsClassName: 'generated-why', hoverMessage: { value: `from \`${l.configPath}\`: ${l.why.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`)}` } },
        })),
        ...(file?.align?.differing ?? []).map((line) => ({
          range: new monaco.Range(line, 1, line, 1),
          options: { isWholeLine: true, className: 'disk-differs', glyphMarginClassName: 'disk-differs-glyph', hoverMessage: { value: 'Differs from a fresh generation: your edit (kept and merged on Write), or what the next Write changes' } },
        })),
      ]),
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
            <button key={f.path} role="tab" aria-selected={mode === 'files' && f === file} className={`tab ${mode === 'files' && f === file ? 'active' : ''} ${f.align?.differing.length ? 'tab-differs' : ''}`} onClick={() => { setMode('files'); setActiveFile(f.path); }} title={f.onDisk ? `${f.path} as it is on disk${f.align?.differing.length ? ` (${f.align.differing.length} lines differ from a fresh generation)` : ''}` : `${f.path} (preview)`}>
              {f.path}
            </button>
          ))}
          {!files.length && <span className="tab">generated package</span>}
          {model.port && (
            <button role="tab" aria-selected={mode === 'changes'} className={`tab ${mode === 'changes' ? 'active' : ''}`} onClick={() => setMode('changes')} data-testid="changes-tab">
              Changes{conflicts ? ` (${conflicts} in conflict)` : ''}
            </button>
          )}
          </div>
          <PackageActions />
        </header>
        <WriteFeedback />
        <div className="pane-body" data-testid="code-editor" hidden={mode === 'changes' && !!model.port}>
          {file ? (
            <MonacoEditor path={`${modelKey}/${file.onDisk ? 'disk' : 'generated'}/${file.path}`} value={file.content} language={file.language} readOnly onMount={setCodeEditor} ariaLabel={`${file.path} (${file.onDisk ? 'on disk' : 'generated'})`} />
          ) : (
            <div className="empty-state">{model.generateError ?? model.parseError?.message ?? 'Nothing generated yet'}</div>
          )}
        </div>
        {mode === 'changes' && model.port && <ChangesView port={model.port} />}
        <footer className="link-note" data-testid="link-note">{linkNote}</footer>
        <ConflictDialog />
      </section>
    </Splitter>
  );
}

/**
 * What the code pane lists: on a written port, each package file as it is on disk with the fresh
 * generation's source map moved onto its lines; before that, the live preview.
 */
function shownFiles(model: PortModel): ShownFile[] {
  const generated = model.generated?.files ?? [];
  if (!model.port) return generated.map((f) => ({ path: f.path, language: f.language, content: f.content, lines: f.lines, align: null, onDisk: false }));
  return model.port.files.map((disk) => {
    const fresh = generated.find((g) => g.path === disk.path) ?? null;
    const content = disk.content ?? `# ${disk.path} is missing from the package on disk: Write puts it back.\n`;
    const align = fresh ? alignLines(fresh.content, content) : null;
    const lines = fresh && align
      ? fresh.lines.flatMap((l) => {
          const line = align.toDisk(l.line);
          return line === null ? [] : [{ ...l, line }];
        })
      : [];
    return { path: disk.path, language: disk.path.endsWith('.md') ? 'markdown' as const : 'python' as const, content, lines, align, onDisk: true };
  });
}
