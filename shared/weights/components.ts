import kb from '../../resources/kb/weights/components.json';
import { dtypeBits } from './dtypes';
import type { Component, ComponentTotals, TensorTable } from './types';

/** Parameters and bytes by component (embeddings, attention, MLP, experts, norms, lm_head) and by dtype. */
const RULES = kb.rules.map((r) => ({ component: r.component as Component, pattern: new RegExp(r.pattern) }));

export function componentOf(name: string): Component {
  for (const rule of RULES) if (rule.pattern.test(name)) return rule.component;
  return 'other';
}

export function emptyComponents(): Record<Component, ComponentTotals> {
  const zero = () => ({ parameters: 0, bytes: 0, tensors: 0 });
  return { embeddings: zero(), attention: zero(), mlp: zero(), experts: zero(), norms: zero(), lm_head: zero(), other: zero() };
}

export function elementsOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export interface Totals {
  parameterCount: number;
  parametersByDtype: Record<string, number>;
  components: Record<Component, ComponentTotals>;
}

/**
 * Counts elements, as the Hub's `safetensors.parameters` does: a packed tensor (U8 holding two FP4
 * values, I32 GPTQ qweight) counts its stored elements. `bytesOf` gives a GGUF tensor's size where
 * the dtype is not a safetensors one.
 */
export function totals(table: TensorTable, bytesOf?: (index: number) => number | undefined): Totals {
  const parametersByDtype: Record<string, number> = {};
  const components = emptyComponents();
  let parameterCount = 0;
  for (let i = 0; i < table.names.length; i++) {
    const n = elementsOf(table.shapes[i]);
    const dtype = table.dtypes[i];
    parameterCount += n;
    parametersByDtype[dtype] = (parametersByDtype[dtype] ?? 0) + n;
    const c = components[componentOf(table.names[i])];
    c.parameters += n;
    c.tensors++;
    const bits = dtypeBits(dtype);
    c.bytes += bytesOf?.(i) ?? (bits === undefined ? 0 : (n * bits) / 8);
  }
  return { parameterCount, parametersByDtype, components };
}

/** The totals of a table from those of its consecutive parts (one per file), equal to `totals` of the whole. */
export function mergeTotals(parts: readonly Totals[]): Totals {
  const parametersByDtype: Record<string, number> = {};
  const components = emptyComponents();
  let parameterCount = 0;
  for (const part of parts) {
    parameterCount += part.parameterCount;
    for (const [dtype, n] of Object.entries(part.parametersByDtype)) parametersByDtype[dtype] = (parametersByDtype[dtype] ?? 0) + n;
    for (const key of Object.keys(components) as Component[]) {
      const into = components[key];
      const from = part.components[key];
      into.parameters += from.parameters;
      into.bytes += from.bytes;
      into.tensors += from.tensors;
    }
  }
  return { parameterCount, parametersByDtype, components };
}
