/**
 * Evidence for "Build layers": the package on disk has its pipeline model, and no TODO(bringup)
 * marker that names a feature the port still lacks. Untagged markers are review notes. A TODO is
 * settled by implementing it and deleting the marker, never by acknowledging it.
 */
import { gathered, plural, type Finding, type Gathered } from './findings';
import { packageTodos } from './todos';

export interface BuildLayersInput {
  /** The package files on disk by name (null: missing). */
  files: Readonly<Record<string, string | null>>;
  /** The donor the package builds on (for the detail). */
  donor?: string | null;
}

export function gatherBuildLayers(input: BuildLayersInput): Gathered {
  const findings: Finding[] = [];
  if (input.files['model.py'] == null) findings.push({ id: 'file:model.py', level: 'blocker', file: 'model.py', message: 'model.py is missing from the package: write the port again' });
  const present = Object.entries(input.files).flatMap(([path, content]) => (content === null ? [] : [{ path, content }]));
  const todos = packageTodos(present);
  for (const todo of todos) {
    const where = `${todo.file}:${todo.line}`;
    findings.push(todo.feature
      ? { id: `todo:${todo.file}:${todo.feature}:${todo.line}`, level: 'open', file: todo.file, line: todo.line, message: `${where} [${todo.feature}] ${todo.text}` }
      : { id: `note:${todo.file}:${todo.line}`, level: 'note', file: todo.file, line: todo.line, message: `${where} ${todo.text}` });
  }
  const features = todos.filter((t) => t.feature).map((t) => t.feature!);
  const detail = features.length
    ? `${plural(features.length, 'TODO')} left for features the port lacks: ${[...new Set(features)].join(', ')}`
    : `No TODO names a missing feature${input.donor ? ` (donor ${input.donor})` : ''}; ${plural(todos.length, 'review note')}`;
  return gathered(findings, detail, { features, notes: todos.length - features.length, donor: input.donor ?? null });
}
