/**
 * Config text inside generated Markdown: one line of printable ASCII with Markdown and HTML syntax
 * escaped. Anything else (line separators, controls, bidi overrides, lone surrogates, other
 * Unicode) is written as a \u escape, so the text can neither restructure the page nor hide.
 */
export function mdText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 && code < 0x7f) out += /[\\`*_[\]<>#|!~{}()&]/.test(ch) ? `\\${ch}` : ch;
    else if (ch === '\n' || ch === '\r' || ch === '\t') out += ' ';
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return out;
}
