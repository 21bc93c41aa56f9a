import kb from '../../resources/kb/weights/families.json';
import { evalExpr, exprIdentifiers, truthy, type ExprValue } from './expr';
import { templateMatcher, type Matcher, type TemplateRows } from './templateMatcher';
import type { NameIndex } from './types';

/**
 * The knowledge base's per-family tensor templates (`resources/kb/weights/families.json`):
 * which tensors a checkpoint of a model type holds and the shapes its config implies.
 */
export interface TensorTemplate {
  name: string;
  shape: (string | number)[];
  when?: string;
  experts?: string;
  optional?: boolean;
  /** A saved buffer (RoPE inv_freq), recomputed by the model: never a weight slot. */
  buffer?: boolean;
}

export interface FamilyCheck {
  field: string;
  kind?: 'layers' | 'tied' | 'firstLayerWith';
  tensor: string;
  dim?: number;
  solve?: string;
}

export interface Family {
  id: string;
  modelTypes: string[];
  /** Name suffix of the token embedding, to find the checkpoint's module prefix. */
  embed: string;
  /** The base module name inside that prefix (`model.`, `transformer.`). */
  base: string;
  use: string[];
  /** Expression over `i`: is layer i a dense (non-MoE) layer. */
  dense: string;
  checks: FamilyCheck[];
  vars?: Record<string, number>;
  companions?: string[];
  notes?: string;
}

const GROUPS = kb.groups as unknown as Record<string, TensorTemplate[]>;
const FAMILIES = kb.families as unknown as Family[];

export function familyById(id: string): Family | undefined {
  return FAMILIES.find((f) => f.id === id);
}

export function familyForModelType(modelType: string | null | undefined): Family | undefined {
  if (!modelType) return undefined;
  return FAMILIES.find((f) => f.modelTypes.includes(modelType));
}

/** Effective config values the templates read, and where each came from. */
export interface ConfigView {
  get(field: string): ExprValue;
  origin(field: string): 'config' | 'default' | 'derived' | null;
}

/** Where a family's modules sit in this checkpoint: `{p}` (e.g. `model.`) and `{r}` (the root of lm_head). */
export interface Prefixes {
  p: string;
  r: string;
}

const prefixCache = new WeakMap<readonly string[], Map<string, Prefixes | null>>();

export function detectPrefixes(family: Family, names: readonly string[]): Prefixes | null {
  // The report and the name map both ask, over the same 90,000 names: scan them once per family.
  let byFamily = prefixCache.get(names);
  if (!byFamily) prefixCache.set(names, (byFamily = new Map()));
  if (byFamily.has(family.id)) return byFamily.get(family.id)!;
  const found = scanPrefixes(family, names);
  byFamily.set(family.id, found);
  return found;
}

function scanPrefixes(family: Family, names: readonly string[]): Prefixes | null {
  let best: string | null = null;
  const dotted = `.${family.embed}`; // built once, not once per name (90,000 at DeepSeek-V3 scale)
  for (const name of names) {
    if (name !== family.embed && !name.endsWith(dotted)) continue;
    const p = name.slice(0, name.length - family.embed.length);
    // Prefer the language model's embedding (`model.`) over a vision tower's.
    if (best === null || (p.endsWith(family.base) && !best.endsWith(family.base)) || (p.endsWith(family.base) === best.endsWith(family.base) && p.length < best.length)) best = p;
  }
  if (best === null) return null;
  return { p: best, r: best.endsWith(family.base) ? best.slice(0, best.length - family.base.length) : best };
}

export function fillPrefixes(template: string, prefixes: Prefixes): string {
  return template.replace('{p}', prefixes.p).replace('{r}', prefixes.r);
}

export function templates(family: Family): TensorTemplate[] {
  return family.use.flatMap((g) => GROUPS[g] ?? []);
}

export interface ExpectedTensor {
  name: string;
  shape: (number | null)[];
  /** Config fields the shape is computed from. */
  fields: string[];
  optional: boolean;
  buffer: boolean;
}

/** Scope for expressions: family constants, then config values; `i` and `dense` per layer. */
export function makeScope(family: Family, config: ConfigView, layer?: number) {
  const scope = (name: string): ExprValue => {
    if (name === 'i') return layer ?? null;
    if (name === 'dense') return layer === undefined ? null : truthy(evalExpr(family.dense, scope));
    if (family.vars && Object.hasOwn(family.vars, name)) return family.vars[name];
    return config.get(name);
  };
  return scope;
}

const expectedCache = new WeakMap<ConfigView, Map<string, ExpectedTensor[]>>();

/** Every tensor the family's templates expect for this config, with the shapes the config implies. */
export function expectedTensors(family: Family, config: ConfigView, prefixes: Prefixes): ExpectedTensor[] {
  // The cross-check and the name map both need the list (90,000 entries at DeepSeek-V3 scale): build it once per config.
  let byKey = expectedCache.get(config);
  if (!byKey) expectedCache.set(config, (byKey = new Map()));
  const key = `${family.id}\u0000${prefixes.p}\u0000${prefixes.r}`;
  let list = byKey.get(key);
  if (!list) byKey.set(key, (list = buildExpected(family, config, prefixes)));
  return list;
}

/** Where each template's rows sit in an expected list (for the template matcher). */
const rowsCache = new WeakMap<readonly ExpectedTensor[], TemplateRows[]>();

function buildExpected(family: Family, config: ConfigView, prefixes: Prefixes): ExpectedTensor[] {
  const layers = numberOr(config.get('num_hidden_layers'), 0);
  const out: ExpectedTensor[] = [];
  const layout: TemplateRows[] = [];
  for (const t of templates(family)) {
    const name = fillPrefixes(t.name, prefixes);
    const fields = t.shape.flatMap((d) => (typeof d === 'string' ? exprIdentifiers(d) : []));
    const perLayer = name.includes('{i}');
    const rows: TemplateRows = { name, perLayer, base: [], count: [] };
    layout.push(rows);
    for (let i = 0; i < (perLayer ? layers : 1); i++) {
      const scope = makeScope(family, config, perLayer ? i : undefined);
      rows.base.push(-1);
      rows.count.push(0);
      if (t.when && !truthy(evalExpr(t.when, scope))) continue;
      rows.base[i] = out.length;
      const shape = t.shape.map((d) => (typeof d === 'number' ? d : integerOrNull(evalExpr(d, scope))));
      const layerName = perLayer ? name.replace('{i}', String(i)) : name;
      const experts = t.experts ? numberOr(evalExpr(t.experts, scope), 0) : 0;
      const optional = !!t.optional;
      const buffer = !!t.buffer;
      const j0 = layerName.indexOf('{j}');
      if (j0 >= 0) {
        // 256 experts × 58 layers at DeepSeek-V3 scale: the name's halves cut once, not searched per expert.
        const head = layerName.slice(0, j0);
        const tail = layerName.slice(j0 + 3);
        for (let j = 0; j < experts; j++) out.push({ name: head + j + tail, shape, fields, optional, buffer });
      } else out.push({ name: layerName, shape, fields, optional, buffer });
      rows.count[i] = out.length - rows.base[i];
    }
  }
  rowsCache.set(out, layout);
  return out;
}

function numberOr(v: ExprValue, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function integerOrNull(v: ExprValue): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

export interface ExpectedJoin {
  /** The first expected row named `name`, or undefined: what a Map built from the list would give. */
  rowOf(name: string): number | undefined;
  /** First row of a name → the row whose flags count (its last row, as that Map keeps); -1 on a repeat's row. */
  last: Int32Array;
  /** Checkpoint row → the first expected row with its name, or -1. */
  hits: Int32Array;
  /** Expected row → the checkpoint row holding its name, or -1. */
  tensorOf: Int32Array;
}

const joinCache = new WeakMap<readonly ExpectedTensor[], WeakMap<readonly string[], ExpectedJoin>>();
const matcherCache = new WeakMap<readonly ExpectedTensor[], Matcher | null>();

/** The template matcher of a list from `expectedTensors`, or null when its names are joined through a map. */
export function expectedMatcher(list: readonly ExpectedTensor[]): Matcher | null {
  if (!matcherCache.has(list)) {
    const layout = rowsCache.get(list);
    matcherCache.set(list, layout ? templateMatcher(layout, list.map((t) => t.name)) : null);
  }
  return matcherCache.get(list)!;
}

/**
 * The expected list against a checkpoint's tensor names, shared by the shape comparison and the
 * name map. With a reader's `byName` (names unique) and a list the template matcher serves, each
 * checkpoint name is matched against the templates. Otherwise each expected name is looked up among
 * the checkpoint's (`byName`, made here when not given), so no second map of 90,000 expected names
 * is built; only the expected names the checkpoint lacks get one.
 */
export function joinExpected(list: readonly ExpectedTensor[], names: readonly string[], byName?: NameIndex): ExpectedJoin {
  let byNames = joinCache.get(list);
  if (!byNames) joinCache.set(list, (byNames = new WeakMap()));
  const cached = byNames.get(names);
  if (cached) return cached;
  const matcher = expectedMatcher(list);
  if (matcher && byName) {
    // Expected names are distinct (the matcher is built only then) and so are the reader's: each
    // checkpoint name is found from the templates, with no lookup of 90,000 fresh expected strings.
    const hits = new Int32Array(names.length);
    const tensorOf = new Int32Array(list.length).fill(-1);
    for (let r = 0; r < names.length; r++) {
      const k = matcher(names[r]);
      hits[r] = k;
      if (k >= 0) tensorOf[k] = r;
    }
    const rowOf = (name: string) => {
      const k = matcher(name);
      return k < 0 ? undefined : k;
    };
    const last = new Int32Array(list.length);
    for (let k = 0; k < last.length; k++) last[k] = k;
    const join: ExpectedJoin = { rowOf, last, hits, tensorOf };
    byNames.set(names, join);
    return join;
  }
  const own = byName ? null : new Map(names.map((n, i) => [n, i]));
  const index: NameIndex = byName ?? own!;
  const hits = new Int32Array(names.length).fill(-1);
  const tensorOf = new Int32Array(list.length);
  const last = new Int32Array(list.length).fill(-1);
  const absent = new Map<string, number>();
  for (let k = 0; k < list.length; k++) {
    const name = list[k].name;
    const row = index.get(name);
    tensorOf[k] = row ?? -1;
    const first = row !== undefined ? hits[row] : absent.get(name) ?? -1;
    if (first >= 0) last[first] = k;
    else {
      last[k] = k;
      if (row !== undefined) hits[row] = k;
      else absent.set(name, k);
    }
  }
  // A name the checkpoint holds twice (only possible without a reader's index): every row gets its hit.
  if (own && own.size !== names.length) for (let r = 0; r < names.length; r++) hits[r] = hits[own.get(names[r])!];
  const join: ExpectedJoin = {
    rowOf(name) {
      const row = index.get(name);
      if (row === undefined) return absent.get(name);
      return hits[row] < 0 ? undefined : hits[row];
    },
    last,
    hits,
    tensorOf,
  };
  byNames.set(names, join);
  return join;
}
