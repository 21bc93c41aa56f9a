import type { GeneratedFile, SourceMapLine } from './types';

/**
 * The generated lines for a config path: exact matches, else those of the nearest enclosing
 * path ("rope_scaling.factor" reveals the rope_scaling line), else those of its children.
 */
export function linesForConfigPath(file: GeneratedFile, configPath: string): SourceMapLine[] {
  for (let path = configPath; path; path = parentPath(path)) {
    const found = file.lines.filter((entry) => entry.configPath === path);
    if (found.length) return found;
  }
  return file.lines.filter((entry) => entry.configPath.startsWith(configPath + '.'));
}

/** The config fields a generated line came from (several when one line maps several). */
export function configPathsForLine(file: GeneratedFile, line: number): SourceMapLine[] {
  return file.lines.filter((entry) => entry.line === line);
}

function parentPath(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
}
