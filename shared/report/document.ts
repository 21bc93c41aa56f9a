/**
 * A report as plain blocks, written once and rendered twice: Markdown (markdown.ts) and a
 * self-contained HTML page with inline SVG plots (html.ts).
 */
import type { PlotSpec } from './svgPlot';

/** Text with `code` spans: a string, or pieces. */
export type Inline = string | ReadonlyArray<string | { code: string }>;

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; id?: string }
  | { kind: 'paragraph'; text: Inline }
  | { kind: 'table'; head: string[]; rows: Inline[][]; numeric?: boolean[] }
  | { kind: 'list'; items: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'plot'; plot: PlotSpec; caption: string }
  /** A badge-like line: the step state and its detail. */
  | { kind: 'state'; state: string; text: Inline };

export const code = (text: string) => ({ code: text });
