import { useEffect, useRef } from 'react';
import { monaco } from './monacoSetup';
import { writableEditors as writable } from './editorPrefs';

export interface MonacoEditorProps {
  /** A stable model URI path, e.g. 'config.json' or 'pkg/model_config.py'. */
  path: string;
  value: string;
  language: 'json' | 'python' | 'markdown';
  readOnly?: boolean;
  /** A gutter column for per-line marks (config.json's field categories). */
  glyphMargin?: boolean;
  onChange?(value: string): void;
  onMount?(editor: monaco.editor.IStandaloneCodeEditor): void;
  onFocusChange?(focused: boolean): void;
  ariaLabel: string;
}

type Editor = monaco.editor.IStandaloneCodeEditor;

/**
 * A thin wrapper over monaco.editor.create: one model per path (kept across tab switches so undo
 * history survives), the value pushed in only when it differs from the model, changes reported out.
 */
export function MonacoEditor({ path, value, language, readOnly, glyphMargin, onChange, onMount, onFocusChange, ariaLabel }: MonacoEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Editor | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const onFocusRef = useRef(onFocusChange);
  onFocusRef.current = onFocusChange;

  useEffect(() => {
    const editor = monaco.editor.create(host.current!, {
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      renderLineHighlight: 'all',
      glyphMargin: !!glyphMargin,
      // A read-only editor has nothing to indent: Tab leaves it, as in any other control.
      tabFocusMode: !!readOnly,
      ariaLabel: readOnly ? ariaLabel : `${ariaLabel}. Tab indents; press Ctrl+M to make Tab move focus instead.`,
      theme: matchMedia('(prefers-color-scheme: dark)').matches ? 'vs-dark' : 'vs',
      fixedOverflowWidgets: true,
      // The textarea input (Monaco's long-standing one): a multi-character insertion reaches it as
      // a cancellable beforeinput, which the EditContext input does not offer (see below).
      editContext: false,
    });
    editorRef.current = editor;
    if (!readOnly) writable.add(editor);
    const media = matchMedia('(prefers-color-scheme: dark)');
    const followTheme = () => monaco.editor.setTheme(media.matches ? 'vs-dark' : 'vs');
    media.addEventListener('change', followTheme);
    const subs = [
      editor.onDidChangeModelContent(() => onChangeRef.current?.(editor.getValue())),
      editor.onDidFocusEditorText(() => onFocusRef.current?.(true)),
      editor.onDidBlurEditorText(() => onFocusRef.current?.(false)),
    ];
    // Monaco 0.57 types a multi-character insertion (an IME-less text commit, dictation, some
    // autocompletes, a test's insertText) one character at a time against tokens it has not
    // updated yet, and reports "Token length and text length do not match!" (an uncaught error).
    // Such an insertion is a paste: send it as one edit.
    // (On the host: the editor's own DOM node is replaced when a model is attached.)
    const dom = host.current!;
    const onBeforeInput = (e: InputEvent) => {
      if (e.inputType !== 'insertText' || !e.data || [...e.data].length < 2 || e.isComposing || editor.getOption(monaco.editor.EditorOption.readOnly)) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      editor.trigger('keyboard', 'paste', { text: e.data });
    };
    dom.addEventListener('beforeinput', onBeforeInput, true);
    onMount?.(editor);
    return () => {
      dom.removeEventListener('beforeinput', onBeforeInput, true);
      media.removeEventListener('change', followTheme);
      subs.forEach((s) => s.dispose());
      writable.delete(editor);
      editor.dispose();
    };
  }, []);

  useEffect(() => {
    const editor = editorRef.current!;
    const uri = monaco.Uri.parse(`inmemory://bringup/${path}`);
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(value, language, uri);
    if (editor.getModel() !== model) editor.setModel(model);
    editor.updateOptions({ readOnly: !!readOnly });
  }, [path, language, readOnly]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && model.getValue() !== value) {
      // An external change (regeneration, a new checkpoint): replace as one undoable edit.
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
    }
  }, [value, path]);

  return <div className="editor-host" ref={host} />;
}
