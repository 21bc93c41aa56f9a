/**
 * The TODO(bringup) markers left in the package files as they are on disk. The generator writes
 * one per structural feature the donor lacks, tagged `# TODO(bringup) [sliding-window] ...`
 * (shared/codegen/modelPy.ts); untagged markers are review notes ("compare the donor's adapter").
 *
 * This is the one place that reads what the port still lacks from the package text; when the
 * generated package carries machine-readable facts (codegen's donor records), they replace it here.
 */
export interface PackageTodo {
  /** Package file, e.g. "model.py". */
  file: string;
  /** 1-based line. */
  line: number;
  /** The bracketed tag naming the feature (`sliding-window`, `config`, `hidden-act` ...), or null for a note. */
  feature: string | null;
  /** The marker's text after the tag. */
  text: string;
}

const MARKER = /TODO\(bringup\):?\s*(?:\[([^\]\n]{1,80})\])?\s*(.*)$/;

export function packageTodos(files: ReadonlyArray<{ path: string; content: string }>): PackageTodo[] {
  const todos: PackageTodo[] = [];
  for (const file of files) {
    if (!file.path.endsWith('.py')) continue; // PORTING.md lists the same work for people; the code is the truth
    const lines = file.content.split(/\r?\n/);
    lines.forEach((text, i) => {
      const match = MARKER.exec(text);
      if (!match) return;
      todos.push({ file: file.path, line: i + 1, feature: match[1]?.trim() || null, text: match[2].trim() });
    });
  }
  return todos;
}
