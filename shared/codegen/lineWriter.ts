import type { GeneratedFile, SourceMapLine } from './types';

/** Collects generated lines and, for lines that come from config.json, their source-map entries. */
export class LineWriter {
  private readonly text: string[] = [];
  private readonly map: SourceMapLine[] = [];

  /** Adds one line (must not contain a newline), optionally linked to a config path. */
  line(text = '', from?: { path: string; why: string }): this {
    if (/[\r\n\u2028\u2029]/.test(text)) throw new Error('generated line contains a line break');
    this.text.push(text);
    if (from) this.map.push({ line: this.text.length, configPath: from.path, why: from.why });
    return this;
  }

  lines(texts: string[]): this {
    for (const text of texts) this.line(text);
    return this;
  }

  get lineCount(): number {
    return this.text.length;
  }

  toFile(path: string, language: GeneratedFile['language']): GeneratedFile {
    return { path, language, content: this.text.join('\n') + '\n', lines: [...this.map] };
  }
}
