/** Config text inside generated Markdown: one line, with Markdown and HTML syntax escaped. */
export function mdText(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/[\\`*_[\]<>#|!~{}()&]/g, (ch) => `\\${ch}`);
}
