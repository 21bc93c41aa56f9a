/** The MAX baseline: the registered architecture itself (native), a donor family, or none. */
import { donorRules, findMaxArchitecture, maxArchitectureByFolder } from './kb';
import type { Scopes } from './effective';
import type { Baseline } from './types';

export function chooseBaseline(architecture: string | null, scopes: Scopes, features: readonly string[]): Baseline {
  const native = findMaxArchitecture(architecture);
  if (native && architecture) {
    return { folder: native.folder, name: architecture, match: 'native', why: `${architecture} is registered in MAX (${native.folder}/arch.py, ${native.task ?? 'no task'}).` };
  }
  const types = [scopes.top.modelType, scopes.lm.modelType].filter((t): t is string => t !== null);
  const known = Boolean(scopes.top.kb || scopes.lm.kb);
  for (const rule of donorRules) {
    const byFeature = rule.features?.find((f) => features.includes(f));
    const byType = rule.modelTypePrefixes?.find((p) => types.some((t) => t.startsWith(p)));
    if (!byFeature && !byType && !rule.default) continue;
    const lead = architecture ? `${architecture} is not registered in MAX` : 'config.json names no architecture';
    const reason = byFeature ? `${byFeature}: ${rule.why}` : byType ? `model_type ${types.join('/')}: ${rule.why}` : rule.why;
    const caveat = !known && rule.default ? ' (assumed: the model type is not in the knowledge base, check its code)' : '';
    if (!rule.folder) return { folder: null, name: null, match: 'none', why: `${lead}; ${reason}.` };
    const alt = rule.alternatives?.length ? ` (or ${rule.alternatives.join(', ')})` : '';
    const exists = maxArchitectureByFolder(rule.folder) ? '' : ' [folder not found in the MAX table]';
    return { folder: rule.folder, name: rule.name, match: 'family', why: `${lead}; ${reason}${alt}${caveat}.${exists}` };
  }
  return { folder: null, name: null, match: 'none', why: 'no donor rule applies.' };
}
