/** The report's blocks as Markdown (GitHub-flavoured tables). Plots become a line saying where they are. */
import type { Block, Inline } from './document';

export function renderMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'heading':
        out.push(`${'#'.repeat(block.level)} ${escapeText(block.text)}`);
        break;
      case 'paragraph':
        out.push(inline(block.text));
        break;
      case 'state':
        out.push(`**${escapeText(block.state)}**: ${inline(block.text)}`);
        break;
      case 'list':
        out.push(block.items.map((item) => `- ${inline(item)}`).join('\n'));
        break;
      case 'code':
        out.push(fence(block.text));
        break;
      case 'table': {
        const cell = (c: Inline) => inline(c).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
        out.push([
          `| ${block.head.map((h) => cell(h)).join(' | ')} |`,
          `| ${block.head.map((_, i) => (block.numeric?.[i] ? '---:' : '---')).join(' | ')} |`,
          ...block.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
        ].join('\n'));
        break;
      }
      case 'plot':
        out.push(`*${escapeText(block.caption)} (plotted in the HTML report).*`);
        break;
    }
  }
  return out.join('\n\n') + '\n';
}

function inline(text: Inline): string {
  if (typeof text === 'string') return escapeText(text);
  return text.map((p) => (typeof p === 'string' ? escapeText(p) : codeSpan(p.code))).join('');
}

/** Text that Markdown shows as written: its own syntax characters escaped (`>` and `#` only where they start a line). */
function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<]/g, (c) => `\\${c}`).replace(/^([>#])/, '\\$1');
}

/** A code span that survives backticks inside it (CommonMark: a longer fence). */
function codeSpan(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const fenceLen = Math.max(0, ...runs.map((r) => r.length)) + 1;
  const ticks = '`'.repeat(fenceLen);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${ticks}`;
}

function fence(text: string): string {
  const runs = text.match(/`{3,}/g) ?? [];
  const ticks = '`'.repeat(Math.max(3, ...runs.map((r) => r.length + 1)));
  return `${ticks}\n${text.replace(/\n$/, '')}\n${ticks}`;
}
