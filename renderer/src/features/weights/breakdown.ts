import { componentOf } from '@shared/weights/components';
import type { CheckStatus, Component, WeightCheck, WeightsReport } from '@shared/weights/types';

const ORDER: Record<CheckStatus, number> = { mismatch: 0, missing: 1, ok: 2 };

/** Config mismatches first, then checks with no tensor to go by, then the ones that agree; stable otherwise. */
export function sortChecks(checks: readonly WeightCheck[]): WeightCheck[] {
  return checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => ORDER[a.c.status] - ORDER[b.c.status] || a.i - b.i)
    .map((x) => x.c);
}

export const COMPONENTS: Component[] = ['embeddings', 'attention', 'mlp', 'experts', 'norms', 'lm_head', 'other'];

export interface ParamsBreakdown {
  /** Components that hold any tensor, in the fixed order above. */
  components: Component[];
  /** Dtypes by descending parameter count. */
  dtypes: string[];
  /** parameters[dtype][componentIndex], aligned with `components`. */
  parameters: Record<string, number[]>;
  total: number;
}

/** Parameters by component and dtype, from the tensor table itself (one classification per tensor). */
export function paramsBreakdown(tensors: WeightsReport['tensors'], params: ArrayLike<number>): ParamsBreakdown {
  const cells = new Map<string, Map<Component, number>>();
  const byDtype = new Map<string, number>();
  const used = new Set<Component>();
  let total = 0;
  for (let i = 0; i < tensors.names.length; i++) {
    const n = params[i];
    const dtype = tensors.dtypes[i];
    const component = componentOf(tensors.names[i]);
    used.add(component);
    let row = cells.get(dtype);
    if (!row) cells.set(dtype, (row = new Map()));
    row.set(component, (row.get(component) ?? 0) + n);
    byDtype.set(dtype, (byDtype.get(dtype) ?? 0) + n);
    total += n;
  }
  const components = COMPONENTS.filter((c) => used.has(c));
  const dtypes = [...byDtype.keys()].sort((a, b) => byDtype.get(b)! - byDtype.get(a)! || a.localeCompare(b));
  const parameters: Record<string, number[]> = {};
  for (const d of dtypes) parameters[d] = components.map((c) => cells.get(d)!.get(c) ?? 0);
  return { components, dtypes, parameters, total };
}
