import type { ConfigAnalysis, FieldInfo } from '@shared/config/types';
import { propertyKeyRanges } from '@shared/json/paths';
import type { PortStep } from '@shared/project/types';
import { monaco } from '../../editor/monacoSetup';
import type { QuickFix } from './quickFix';

// Unknown first: when several fields share a line, its gutter mark shows the one that needs a look.
const CATEGORY_ORDER = ['unknown', 'structural', 'macro', 'quantization', 'dimension', 'tokens', 'identity', 'training'];

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function category(field: FieldInfo): string {
  return CATEGORY_ORDER.includes(field.category) ? field.category : 'unknown';
}

function describe(field: FieldInfo): string {
  const effective = field.origin === 'config' ? '' : ` · effective ${escapeMarkdown(short(field.value))} (${field.origin})`;
  return `**${escapeMarkdown(field.path)}** · ${field.category}${effective}\n\n${escapeMarkdown(field.note)}`;
}

/**
 * Annotations of config.json. Calm by default: each annotated line gets a thin bar in the gutter in
 * its category's colour, and the field's category, effective value and meaning show on hover (of
 * the key or the bar). With `inline`, the category is also written after the value. Problems are
 * markers (squiggles), kept apart from these.
 */
export function configDecorations(text: string, model: monaco.editor.ITextModel, analysis: ConfigAnalysis, inline: boolean): monaco.editor.IModelDeltaDecoration[] {
  const byPath = new Map<string, FieldInfo>(analysis.fields.map((f) => [f.path, f]));
  const decorations: monaco.editor.IModelDeltaDecoration[] = [];
  const lines = new Map<number, FieldInfo[]>();
  for (const property of propertyKeyRanges(text)) {
    const field = byPath.get(property.path);
    if (!field) continue;
    const keyStart = model.getPositionAt(property.offset);
    decorations.push({
      range: new monaco.Range(keyStart.lineNumber, keyStart.column, keyStart.lineNumber, keyStart.column + property.length),
      options: { hoverMessage: { value: describe(field) } },
    });
    lines.set(keyStart.lineNumber, [...(lines.get(keyStart.lineNumber) ?? []), field]);
    if (inline) {
      const end = model.getPositionAt(property.valueEnd);
      const endLine = model.getLineContent(end.lineNumber);
      const label = field.origin === 'config' ? field.category : `${field.category} · effective ${short(field.value)} (${field.origin})`;
      decorations.push({
        range: new monaco.Range(end.lineNumber, endLine.length + 1, end.lineNumber, endLine.length + 1),
        options: { showIfCollapsed: true, after: { content: `  ${label}`, inlineClassName: `ann-${category(field)}-after` } },
      });
    }
  }
  for (const [line, fields] of lines) {
    const first = [...fields].sort((a, b) => CATEGORY_ORDER.indexOf(category(a)) - CATEGORY_ORDER.indexOf(category(b)))[0];
    decorations.push({
      range: new monaco.Range(line, 1, line, 1),
      options: {
        glyphMarginClassName: `cat-glyph cat-glyph-${category(first)}`,
        glyphMarginHoverMessage: { value: fields.map(describe).join('\n\n---\n\n') },
      },
    });
  }
  // Values transformers fills in that the file does not write: named once, at the opening brace.
  const implied = analysis.fields.filter((f) => f.origin !== 'config' && !f.path.includes('.'));
  if (implied.length) {
    const first = model.getLineContent(1);
    const list = implied.map((f) => `${f.path}=${short(f.value)} (${f.origin})`);
    const hover = { value: `**Not written, as transformers reads it** (${implied.length}, all in the Fields tab)\n\n${list.map((l) => `- ${escapeMarkdown(l)}`).join('\n')}` };
    decorations.push({
      range: new monaco.Range(1, 1, 1, 1),
      options: { glyphMarginClassName: 'cat-glyph cat-glyph-implied', glyphMarginHoverMessage: hover },
    });
    if (inline) {
      decorations.push({
        range: new monaco.Range(1, first.length + 1, 1, first.length + 1),
        options: {
          showIfCollapsed: true,
          after: { content: `  not written, as transformers reads it: ${list.slice(0, 4).join(', ')}${list.length > 4 ? `, +${list.length - 4} more (Fields tab)` : ''}`, inlineClassName: 'ann-training-after' },
          hoverMessage: hover,
        },
      });
    }
  }
  return decorations;
}

/** Diagnostics as Monaco markers on the fields they concern. */
export function diagnosticMarkers(model: monaco.editor.ITextModel, analysis: ConfigAnalysis, rangeOf: (path: string) => { offset: number; length: number } | null): monaco.editor.IMarkerData[] {
  return analysis.diagnostics.map((d) => {
    const range = (d.path && rangeOf(d.path)) || { offset: 0, length: 1 };
    const start = model.getPositionAt(range.offset);
    const end = model.getPositionAt(range.offset + range.length);
    return {
      severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : d.severity === 'warning' ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Info,
      message: d.message,
      code: d.code,
      startLineNumber: start.lineNumber,
      startColumn: start.column,
      endLineNumber: end.lineNumber,
      endColumn: end.column,
      source: 'bringup',
    };
  });
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, (c) => `\\${c}`);
}

/**
 * The checklist's findings that name a config field (a contradiction with the weights, an unknown
 * field, an unmapped dimension) as markers on it, with the quick fixes their lightbulb offers.
 */
export function findingMarkers(
  model: monaco.editor.ITextModel,
  steps: readonly PortStep[],
  rangeOf: (path: string) => { offset: number; length: number } | null,
): { markers: monaco.editor.IMarkerData[]; fixes: Array<{ range: monaco.IRange; fix: QuickFix }> } {
  const markers: monaco.editor.IMarkerData[] = [];
  const fixes: Array<{ range: monaco.IRange; fix: QuickFix }> = [];
  for (const step of steps) {
    for (const f of step.findings) {
      if (!f.configPath || f.acknowledged || f.level === 'note' || f.level === 'todo') continue;
      const found = rangeOf(f.configPath) ?? (f.configPath.includes('.') ? null : rangeOf(`text_config.${f.configPath}`));
      if (!found) continue;
      const start = model.getPositionAt(found.offset);
      const end = model.getPositionAt(found.offset + found.length);
      const range = { startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column };
      markers.push({ ...range, severity: f.level === 'blocker' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning, message: `${f.message}${f.fix ? ` (quick fix: ${f.fix.label})` : ''}`, code: f.id, source: 'bringup checklist' });
      if (f.fix) fixes.push({ range, fix: f.fix as QuickFix });
    }
  }
  return { markers, fixes };
}
