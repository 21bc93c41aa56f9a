/**
 * "Group by layer / module": collapses tensor rows into groups with counts and parameter sums.
 *  - layer:  `model.layers.3.*` (one group per layer); tensors outside layers by their module (`model.norm.*`).
 *  - module: `model.layers.{i}.self_attn.*` (one group per module across layers); experts get their own
 *            group (`model.layers.{i}.mlp.experts.*`) so 256 experts x 58 layers stay one row.
 */
export type Grouping = 'none' | 'layer' | 'module';

const NUMERIC = /^\d+$/;
const FIRST_INDEX = /(?:^|\.)(\d+)(?=\.|$)/;

export function groupKey(name: string, mode: Exclude<Grouping, 'none'>): string {
  const first = FIRST_INDEX.exec(name);
  if (!first) {
    const dot = name.lastIndexOf('.');
    return dot > 0 ? `${name.slice(0, dot)}.*` : name;
  }
  const end = first.index + first[0].length; // just after the layer index
  if (mode === 'layer') return `${name.slice(0, end)}.*`;
  const head = `${name.slice(0, end - first[1].length)}{i}`;
  const rest = name.slice(end + 1).split('.');
  if (rest.length <= 1) return name.length > end ? `${head}.${rest[0]}` : head;
  let module = rest[0];
  // mlp.experts.17.w1.weight → mlp.experts.*; mlp.gate.weight → mlp.*
  if (rest.length > 3 && NUMERIC.test(rest[2])) module += `.${rest[1]}`;
  return `${head}.${module}.*`;
}

export interface TensorGroup {
  key: string;
  /** Row indices in the group, in display order. */
  rows: number[];
  params: number;
  dtypes: string[];
  files: number[];
}

export interface GroupableTable {
  names: readonly string[];
  dtypes: readonly string[];
  files: readonly number[];
  params: ArrayLike<number>;
}

const keyCache = new WeakMap<GroupableTable, Partial<Record<Exclude<Grouping, 'none'>, string[]>>>();

/** Every row's group key, computed once per table and mode (re-filtering then only looks keys up). */
export function groupKeysOf(table: GroupableTable, mode: Exclude<Grouping, 'none'>): string[] {
  let byMode = keyCache.get(table);
  if (!byMode) keyCache.set(table, (byMode = {}));
  return (byMode[mode] ??= table.names.map((n) => groupKey(n, mode)));
}

/** Groups `rows` (already filtered, in display order); groups come in the order of their first row. */
export function groupRows(table: GroupableTable, rows: ArrayLike<number>, mode: Exclude<Grouping, 'none'>): TensorGroup[] {
  const keys = groupKeysOf(table, mode);
  const byKey = new Map<string, TensorGroup>();
  const dtypeSets = new Map<TensorGroup, Set<string>>();
  const fileSets = new Map<TensorGroup, Set<number>>();
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const key = keys[i];
    let g = byKey.get(key);
    if (!g) {
      g = { key, rows: [], params: 0, dtypes: [], files: [] };
      byKey.set(key, g);
      dtypeSets.set(g, new Set());
      fileSets.set(g, new Set());
    }
    g.rows.push(i);
    g.params += table.params[i];
    dtypeSets.get(g)!.add(table.dtypes[i]);
    fileSets.get(g)!.add(table.files[i]);
  }
  const groups = [...byKey.values()];
  for (const g of groups) {
    g.dtypes = [...dtypeSets.get(g)!].sort();
    g.files = [...fileSets.get(g)!].sort((a, b) => a - b);
  }
  return groups;
}

/** One line of the virtualized list: a group header, or a tensor row (inside an open group or ungrouped). */
export type ListItem = { kind: 'group'; group: TensorGroup; open: boolean } | { kind: 'row'; row: number; inGroup: boolean };

/** Flattens groups into list items, expanding the open ones. */
export function flattenGroups(groups: TensorGroup[], open: ReadonlySet<string>): ListItem[] {
  const items: ListItem[] = [];
  for (const group of groups) {
    const isOpen = open.has(group.key);
    items.push({ kind: 'group', group, open: isOpen });
    if (isOpen) for (const row of group.rows) items.push({ kind: 'row', row, inGroup: true });
  }
  return items;
}
