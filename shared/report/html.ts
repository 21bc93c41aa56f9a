/**
 * The report's blocks as one self-contained HTML page: inline CSS, inline SVG plots, no script and no
 * external reference of any kind (a CSP meta tag forbids loading anything, so it stays offline).
 */
import type { Block, Inline } from './document';
import { esc, svgPlot } from './svgPlot';

const CSS = `
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;max-width:1040px;margin:2rem auto;padding:0 1.25rem;background:#fff}
h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid #ddd;padding-bottom:.25rem}h3{font-size:1.05rem;margin:1.25rem 0 .4rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:13px}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f5f5f7}td.num{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}code{background:#f3f3f5;padding:0 .2rem;border-radius:3px;word-break:break-all}pre{background:#f6f6f8;padding:.75rem;overflow:auto;border-radius:4px}
.state{display:inline-block;padding:0 .5rem;border-radius:9px;font-size:12px;font-weight:600;margin-right:.5rem}
.state-done{background:#e3f4e6;color:#1b5e20}.state-in-progress{background:#fff4d6;color:#7a5a00}.state-todo{background:#eceff1;color:#37474f}.state-blocked{background:#fde2e1;color:#b71c1c}.state-stale{background:#ede4fb;color:#4a2a82}
figure{margin:.75rem 0 1.25rem}figcaption{font-size:12px;color:#555}svg{max-width:100%;height:auto;border:1px solid #eee}
`;

export function renderHtml(blocks: readonly Block[], title: string): string {
  const body = blocks.map(block).join('\n');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head><body>',
    body,
    '</body></html>',
    '',
  ].join('\n');
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level}${b.id ? ` id="${esc(b.id)}"` : ''}>${esc(b.text)}</h${b.level}>`;
    case 'paragraph':
      return `<p>${inline(b.text)}</p>`;
    case 'state':
      return `<p><span class="state state-${esc(b.state.replace(/\s+/g, '-'))}">${esc(b.state)}</span>${inline(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`;
    case 'code':
      return `<pre><code>${esc(b.text)}</code></pre>`;
    case 'table':
      return `<table><thead><tr>${b.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map((row) => `<tr>${row.map((c, i) => `<td${b.numeric?.[i] ? ' class="num"' : ''}>${inline(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    case 'plot':
      return `<figure>${svgPlot(b.plot)}<figcaption>${esc(b.caption)}</figcaption></figure>`;
  }
}

function inline(text: Inline): string {
  if (typeof text === 'string') return esc(text);
  return text.map((p) => (typeof p === 'string' ? esc(p) : `<code>${esc(p.code)}</code>`)).join('');
}

