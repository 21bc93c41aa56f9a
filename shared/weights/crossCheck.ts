import { evalExpr, type ExprValue } from './expr';
import { expectedTensors, fillPrefixes, joinExpected, makeScope, type ConfigView, type Family, type Prefixes } from './families';
import type { NameIndex, ShapeMismatch, WeightCheck } from './types';

/**
 * The config-vs-weights cross-check: for each config field the family's shapes can confirm or
 * refute, compare the effective config value with what the tensor shapes imply
 * (`checks` in CLI-CONTRACT.md), then compare every expected tensor's full shape.
 */
export interface ShapeLookup {
  names: readonly string[];
  /** Shape of each tensor of `names`, row by row. */
  shapes: readonly (readonly number[])[];
  /** Name → row, when the reader built it (names unique). */
  byName?: NameIndex;
  /** Tensor name → shape. */
  shapeOf(name: string): readonly number[] | undefined;
}

export interface CrossCheckResult {
  checks: WeightCheck[];
  shapeMismatches: ShapeMismatch[];
  shapeMismatchCount: number;
}

const MAX_SHAPE_MISMATCHES = 200;

export function crossCheck(family: Family, config: ConfigView, prefixes: Prefixes, weights: ShapeLookup): CrossCheckResult {
  const layerCount = countLayers(family, prefixes, weights.names);
  // Values the weights state directly (solve "x"): they replace the config's value in later solves.
  const direct = new Map<string, number>();
  const checks: WeightCheck[] = [];
  const done = new Set<string>();
  for (const check of family.checks) {
    if (done.has(check.field)) continue;
    const expected = asPlain(config.get(check.field));
    const origin = config.origin(check.field);
    const base = { field: check.field, expected, origin };
    const tensorTemplate = fillPrefixes(check.tensor, prefixes);

    if (check.kind === 'tied') {
      const present = weights.shapeOf(tensorTemplate) !== undefined;
      checks.push({ ...base, ...tiedCheck(expected, present, tensorTemplate) });
      done.add(check.field);
      continue;
    }
    if (check.kind === 'layers') {
      if (layerCount === 0) {
        checks.push({ ...base, status: 'missing', actual: null, tensor: null, message: `no ${tensorTemplate.replace('{i}.', 'N.*')} tensors in the checkpoint` });
        continue;
      }
      const formula = check.solve ?? 'x';
      const actual = solve(formula, layerCount, family, config, direct);
      let how = `layer indices 0..${layerCount - 1} (${layerCount} layers)`;
      if (formula !== 'x') how += `; ${check.field} = ${formula.replace(/\bx\b/, String(layerCount))}${describeInputs(formula, family, config, direct)}`;
      checks.push({ ...base, ...compare(check.field, expected, actual, tensorTemplate.replace('{i}.', `${layerCount - 1}.*`), how) });
      done.add(check.field);
      continue;
    }
    const found = findTensor(tensorTemplate, layerCount, weights);
    if (!found) {
      // A later check may find the field in another tensor; report missing only if none does.
      if (!family.checks.some((c) => c !== check && c.field === check.field && family.checks.indexOf(c) > family.checks.indexOf(check))) {
        checks.push({ ...base, status: 'missing', actual: null, tensor: null, message: `no ${tensorTemplate.replace('{i}', 'N')} in the checkpoint to check ${check.field} against` });
      }
      continue;
    }
    done.add(check.field);
    if (check.kind === 'firstLayerWith') {
      checks.push({ ...base, ...compare(check.field, expected, found.layer ?? 0, found.name, `first layer with ${tensorTemplate.replace('{i}', 'N')} is ${found.layer}`) });
      continue;
    }
    const dim = check.dim ?? 0;
    if (dim >= found.shape.length) {
      checks.push({ ...base, status: 'mismatch', actual: null, tensor: found.name, message: `${found.name} has shape [${found.shape.join(', ')}], no dimension ${dim} to read ${check.field} from` });
      continue;
    }
    const x = found.shape[dim];
    const formula = check.solve ?? 'x';
    const actual = solve(formula, x, family, config, direct);
    if (formula === 'x' && typeof actual === 'number') direct.set(check.field, actual);
    const how = formula === 'x' ? `${found.name} dim ${dim} is ${x}` : `${found.name} dim ${dim} is ${x}; ${check.field} = ${formula.replace(/\bx\b/, String(x))}${describeInputs(formula, family, config, direct)}`;
    checks.push({ ...base, ...compare(check.field, expected, actual, found.name, how) });
  }
  const { list, count } = compareShapes(family, config, prefixes, weights);
  return { checks, shapeMismatches: list, shapeMismatchCount: count };
}

/**
 * The part of `crossCheck` that needs the names only (the layer count, the join with the expected
 * tensors), done ahead for names known before their shapes; `crossCheck` then finds it cached.
 */
export function prepareCrossCheck(family: Family, config: ConfigView, prefixes: Prefixes, names: readonly string[], byName: NameIndex): void {
  countLayers(family, prefixes, names);
  joinExpected(expectedTensors(family, config, prefixes), names, byName);
}

type Outcome = Pick<WeightCheck, 'status' | 'actual' | 'tensor' | 'message'>;

function compare(field: string, expected: number | boolean | null, actual: ExprValue, tensor: string, how: string): Outcome {
  if (actual === null || (typeof actual === 'number' && !Number.isFinite(actual))) {
    return { status: 'missing', actual: null, tensor, message: `${how}: cannot solve for ${field} (a config value it needs is missing)` };
  }
  if (expected === null) {
    return { status: 'missing', actual: roundish(actual), tensor, message: `config.json gives no ${field}; the weights imply ${roundish(actual)} (${how})` };
  }
  if (typeof actual === 'number' && !Number.isInteger(actual)) {
    return { status: 'mismatch', actual: roundish(actual), tensor, message: `config says ${field} = ${expected}, but ${how}, not a whole number` };
  }
  if (actual === expected) return { status: 'ok', actual, tensor, message: `${how}, as config says` };
  let message = `config says ${field} = ${expected}, weights say ${actual} (${how})`;
  if (field === 'vocab_size' && typeof actual === 'number' && typeof expected === 'number' && actual > expected) {
    message += `: the embedding has ${actual - expected} rows more than vocab_size (padded vocabulary; MAX needs the rows sliced or vocab_size raised)`;
  }
  return { status: 'mismatch', actual, tensor, message };
}

function tiedCheck(expected: number | boolean | null, lmHeadPresent: boolean, lmHead: string): Outcome {
  const actual = !lmHeadPresent;
  if (expected === null) {
    return { status: 'missing', actual, tensor: lmHead, message: `config.json gives no tie_word_embeddings; ${lmHeadPresent ? `${lmHead} is present: not tied` : `${lmHead} is absent: tied (MAX then ties it too)`}` };
  }
  if (Boolean(expected) === actual) {
    return { status: 'ok', actual, tensor: lmHead, message: actual ? `${lmHead} is absent: lm_head is tied to the embedding, as config says` : `${lmHead} is present: not tied, as config says` };
  }
  return {
    status: 'mismatch',
    actual,
    tensor: lmHead,
    message: actual
      ? `config says tie_word_embeddings = false but the checkpoint has no ${lmHead}: the weights imply tied embeddings (MAX would leave lm_head unloaded)`
      : `config says tie_word_embeddings = true but the checkpoint has its own ${lmHead}: it is ignored and the embedding is used`,
  };
}

function solve(formula: string, x: number, family: Family, config: ConfigView, direct: Map<string, number>): ExprValue {
  const scope = makeScope(family, config);
  return evalExpr(formula, (name) => (name === 'x' ? x : direct.has(name) ? direct.get(name)! : scope(name)));
}

function describeInputs(formula: string, family: Family, config: ConfigView, direct: Map<string, number>): string {
  const scope = makeScope(family, config);
  const names = [...new Set(formula.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])].filter((n) => n !== 'x');
  if (!names.length) return '';
  return ` with ${names.map((n) => `${n} = ${direct.has(n) ? `${direct.get(n)} (from the weights)` : String(scope(n))}`).join(', ')}`;
}

function findTensor(template: string, layerCount: number, weights: ShapeLookup): { name: string; shape: readonly number[]; layer?: number } | null {
  if (!template.includes('{i}')) {
    const shape = weights.shapeOf(template);
    return shape ? { name: template, shape } : null;
  }
  for (let i = 0; i < layerCount; i++) {
    const name = template.replace('{i}', String(i));
    const shape = weights.shapeOf(name);
    if (shape) return { name, shape, layer: i };
  }
  return null;
}

const layerCounts = new WeakMap<readonly string[], Map<string, number>>();

/** Layer count = highest `{p}layers.N.` index + 1 (the shapes' answer to num_hidden_layers); counted once per names and stem. */
export function countLayers(family: Family, prefixes: Prefixes, names: readonly string[]): number {
  const layersCheck = family.checks.find((c) => c.kind === 'layers');
  if (!layersCheck) return 0;
  const stem = fillPrefixes(layersCheck.tensor, prefixes).split('{i}')[0];
  let byStem = layerCounts.get(names);
  if (!byStem) layerCounts.set(names, (byStem = new Map()));
  let count = byStem.get(stem);
  if (count === undefined) byStem.set(stem, (count = highestLayer(stem, names) + 1));
  return count;
}

function highestLayer(stem: string, names: readonly string[]): number {
  let max = -1;
  for (const name of names) {
    if (!name.startsWith(stem)) continue;
    // The common `layers.12.` read digit by digit; anything else as Number() reads the segment.
    let n = 0;
    let at = stem.length;
    for (let c = name.charCodeAt(at); c >= 0x30 && c <= 0x39 && at - stem.length < 15; c = name.charCodeAt(++at)) n = n * 10 + (c - 0x30);
    if (at === stem.length || name.charCodeAt(at) !== 0x2e /* . */) {
      const rest = name.slice(stem.length);
      const dot = rest.indexOf('.');
      n = dot > 0 ? Number(rest.slice(0, dot)) : NaN;
    }
    if (Number.isInteger(n) && n > max) max = n;
  }
  return max;
}

function compareShapes(family: Family, config: ConfigView, prefixes: Prefixes, weights: ShapeLookup): { list: ShapeMismatch[]; count: number } {
  const list: ShapeMismatch[] = [];
  let count = 0;
  const expected = expectedTensors(family, config, prefixes);
  const { tensorOf } = joinExpected(expected, weights.names, weights.byName);
  for (let k = 0; k < expected.length; k++) {
    const row = tensorOf[k];
    if (row < 0) continue;
    const t = expected[k];
    const actual = weights.shapes[row];
    if (sameShape(actual, t.shape)) continue;
    count++;
    if (list.length < MAX_SHAPE_MISMATCHES) list.push({ tensor: t.name, expected: t.shape, actual: [...actual], fields: t.fields });
  }
  return { list, count };
}

function sameShape(actual: readonly number[], expected: readonly (number | null)[]): boolean {
  if (actual.length !== expected.length) return false;
  for (let k = 0; k < expected.length; k++) if (expected[k] !== null && expected[k] !== actual[k]) return false;
  return true;
}

function asPlain(v: ExprValue): number | boolean | null {
  return v;
}

function roundish(v: ExprValue): number | boolean | null {
  return typeof v === 'number' ? Math.round(v * 1000) / 1000 : v;
}
