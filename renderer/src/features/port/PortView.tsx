import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { rangeOfPath } from '@shared/json/paths';
import { useCommand } from '../../app/commands/registry';
import { ErrorBanner } from '../../app/ErrorBanner';
import { Splitter } from '../../app/Splitter';
import { TabStrip } from '../../app/TabStrip';
import { useEditorPrefs, useEditorStatus } from '../../editor/editorPrefs';
import { MonacoEditor } from '../../editor/MonacoEditor';
import { monaco } from '../../editor/monacoSetup';
import { Markdown } from '../../markdown/Markdown';
import { checkpointTitle, checkpointWhere } from '../checkpoints/displayName';
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
  const inlineLabels = useEditorPrefs((s) => s.inlineLabels);
  const [markdownSource, setMarkdownSource] = useState(false);

  const mode = useProjectStore((s) => s.mode);
  const setMode = useProjectStore((s) => s.setMode);
  // While config.json does not parse (or cannot be generated from), the last good output stays, dimmed.
  const stale = !model.generated && !!model.lastGood;
  const files = useMemo(() => shownFiles(model), [model]);
  const file = files.find((f) => f.path === activeFile) ?? files[0] ?? null;
  const modelKey = checkpoint.source;
  const conflicts = model.port?.files.filter((f) => f.state === 'conflict').length ?? 0;
  const problem = model.parseError?.message ?? model.generateError;

  // Annotations and problem markers follow each analysis.
  useEffect(() => {
    const textModel = configEditor?.getModel();
    if (!configEditor || !textModel) return;
    configDecos.current ??= configEditor.createDecorationsCollection();
    const text = textModel.getValue();
    configDecos.current.set(model.analysis ? configDecorations(text, textModel, model.analysis, inlineLabels) : []);
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
  }, [configEditor, model.analysis, model.parseError, model.problemSteps, inlineLabels]);

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
      // A line of PORTING.md is shown in its source, not in the rendered preview.
      if (target.language === 'markdown') setMarkdownSource(true);
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

  // Requests from elsewhere (Problems, Summary, Fields): reveal a config path on both sides, or a place in config.json.
  useEffect(
    () =>
      revealRequests.subscribe((target) => {
        if (typeof target === 'string') {
          revealInConfig(target);
          revealInCode(target);
        } else if (configEditor) {
          configEditor.setPosition({ lineNumber: target.line, column: target.column });
          configEditor.revealPositionInCenterIfOutsideViewport({ lineNumber: target.line, column: target.column });
        }
        configEditor?.focus();
      }),
    [revealInConfig, revealInCode, configEditor],
  );

  useCommand({ id: 'editor.focusConfig', title: 'Focus config.json', category: 'Editor', run: () => configEditor?.focus() });
  useCommand({ id: 'editor.focusCode', title: 'Focus the generated file', category: 'Editor', when: () => !!codeEditor, run: () => codeEditor?.focus() });
  const cycleFile = (step: number) => {
    if (!files.length) return;
    const i = Math.max(0, files.findIndex((f) => f === file));
    setActiveFile(files[(i + step + files.length) % files.length].path);
  };
  useCommand({ id: 'port.nextFile', title: 'Show the next generated file', category: 'Port', when: () => files.length > 1, run: () => cycleFile(1) });
  useCommand({ id: 'port.previousFile', title: 'Show the previous generated file', category: 'Port', when: () => files.length > 1, run: () => cycleFile(-1) });

  return (
    <Splitter direction="horizontal" initial={0.5} storageKey="port.split" label="Resize config.json and the generated package" minPx={[260, 300]}>
      <section className="pane" aria-label="config.json">
        <header className="pane-header">
          <span className="tab active" title={checkpoint.configPath}>config.json</span>
          <span className="pane-sub" title={checkpointWhere(checkpoint)} data-testid="config-source">{checkpointTitle(checkpoint)}</span>
          <span className="grow" />
          <button
            className={`icon-button toggle ${inlineLabels ? 'on' : ''}`}
            aria-pressed={inlineLabels}
            onClick={() => useEditorPrefs.getState().setInlineLabels(!inlineLabels)}
            title={inlineLabels ? 'Field categories are written after each value; click to show them only in the gutter and on hover' : 'Write each field’s category after its value (they are in the gutter and on hover)'}
            data-testid="inline-labels"
          >
            Labels
          </button>
        </header>
        <div className="pane-body" data-testid="config-editor">
          <MonacoEditor
            path={`${modelKey}/config.json`}
            value={configText}
            language="json"
            glyphMargin
            onChange={setConfigText}
            onMount={setConfigEditor}
            onFocusChange={(configFocused) => useEditorStatus.setState({ configFocused })}
            ariaLabel="config.json editor"
          />
        </div>
      </section>
      <section className="pane" aria-label="Generated package">
        <header className="pane-header">
          <TabStrip
            className="file-tabs"
            tabs={[
              ...(files.length
                ? files.map((f) => ({
                    id: f.path,
                    label: f.path,
                    text: f.path,
                    testId: 'file-tab',
                    className: f.align?.differing.length ? 'tab-differs' : '',
                    title: f.onDisk ? `${f.path} as it is on disk${f.align?.differing.length ? ` (${f.align.differing.length} lines differ from a fresh generation)` : ''}` : `${f.path} (preview)`,
                  }))
                : [{ id: '', label: 'generated package', text: 'generated package' }]),
              ...(model.port ? [{ id: CHANGES_TAB, label: `Changes${conflicts ? ` (${conflicts} in conflict)` : ''}`, text: 'Changes', testId: 'changes-tab' }] : []),
            ]}
            active={mode === 'changes' && model.port ? CHANGES_TAB : file?.path ?? ''}
            onSelect={(id) => {
              if (id === CHANGES_TAB) return setMode('changes');
              setMode('files');
              if (id) setActiveFile(id);
            }}
            ariaLabel="Generated files"
            trailing={<PackageActions />}
          />
        </header>
        <WriteFeedback />
        {problem && file && <ErrorBanner testId="stale-banner" message={`${problem}${stale ? '. Showing the last package generated from a config that worked.' : ''}`} />}
        <div className={`pane-body ${stale ? 'stale' : ''}`} data-testid="code-editor" data-stale={stale} hidden={mode === 'changes' && !!model.port}>
          {file?.language === 'markdown' && (
            <div className="view-switch" role="group" aria-label={`${file.path} view`}>
              <button className={`button ${markdownSource ? '' : 'on'}`} aria-pressed={!markdownSource} onClick={() => setMarkdownSource(false)}>Preview</button>
              <button className={`button ${markdownSource ? 'on' : ''}`} aria-pressed={markdownSource} onClick={() => setMarkdownSource(true)}>Source</button>
            </div>
          )}
          {file && file.language === 'markdown' && !markdownSource && <Markdown className="markdown-preview" text={file.content} testId="markdown-preview" />}
          {file ? (
            <div className="editor-slot" hidden={file.language === 'markdown' && !markdownSource}>
              <MonacoEditor path={`${modelKey}/${file.onDisk ? 'disk' : 'generated'}/${file.path}`} value={file.content} language={file.language} readOnly onMount={setCodeEditor} ariaLabel={`${file.path} (${file.onDisk ? 'on disk' : 'generated'})`} />
            </div>
          ) : (
            <div className="empty-state">{problem ?? 'Nothing generated yet'}</div>
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
const CHANGES_TAB = ':changes';

function shownFiles(model: PortModel): ShownFile[] {
  const generated = (model.generated ?? model.lastGood)?.files ?? [];
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
