import type { monaco } from '../../editor/monacoSetup';
import { pathAtOffset, rangeOfPath } from '@shared/json/paths';

export interface SourceMapLine {
  line: number;
  configPath: string;
  why: string;
}

/** The generated lines produced by a config path: exact matches, else those of its nearest ancestor. */
export function linesForPath(lines: readonly SourceMapLine[], path: string): SourceMapLine[] {
  for (let p: string | null = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : null) {
    const hits = lines.filter((l) => l.configPath === p);
    if (hits.length) return hits;
  }
  return [];
}

export function configPathAtCursor(editor: monaco.editor.IStandaloneCodeEditor): string | null {
  const model = editor.getModel();
  const position = editor.getPosition();
  if (!model || !position) return null;
  return pathAtOffset(model.getValue(), model.getOffsetAt(position));
}

export function revealConfigPath(editor: monaco.editor.IStandaloneCodeEditor, path: string): monaco.IRange | null {
  const model = editor.getModel();
  if (!model) return null;
  // `text_config.hidden_size` may be the effective home of a top-level dimension; try both.
  const range = rangeOfPath(model.getValue(), path) ?? (path.includes('.') ? null : rangeOfPath(model.getValue(), `text_config.${path}`));
  if (!range) return null;
  const start = model.getPositionAt(range.offset);
  const end = model.getPositionAt(range.offset + range.length);
  const target = { startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column };
  editor.revealRangeInCenterIfOutsideViewport(target);
  return target;
}
