import { useEffect, useRef } from 'react';
import { monaco } from './monacoSetup';

export interface MonacoEditorProps {
  /** A stable model URI path, e.g. 'config.json' or 'pkg/model_config.py'. */
  path: string;
  value: string;
  language: 'json' | 'python' | 'markdown';
  readOnly?: boolean;
  onChange?(value: string): void;
  onMount?(editor: monaco.editor.IStandaloneCodeEditor): void;
  ariaLabel: string;
}

/**
 * A thin wrapper over monaco.editor.create: one model per path (kept across tab switches so undo
 * history survives), the value pushed in only when it differs from the model, changes reported out.
 */
export function MonacoEditor({ path, value, language, readOnly, onChange, onMount, ariaLabel }: MonacoEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const editor = monaco.editor.create(host.current!, {
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      renderLineHighlight: 'all',
      ariaLabel,
      theme: matchMedia('(prefers-color-scheme: dark)').matches ? 'vs-dark' : 'vs',
      fixedOverflowWidgets: true,
    });
    editorRef.current = editor;
    const media = matchMedia('(prefers-color-scheme: dark)');
    const followTheme = () => monaco.editor.setTheme(media.matches ? 'vs-dark' : 'vs');
    media.addEventListener('change', followTheme);
    const sub = editor.onDidChangeModelContent(() => onChangeRef.current?.(editor.getValue()));
    onMount?.(editor);
    return () => {
      media.removeEventListener('change', followTheme);
      sub.dispose();
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
