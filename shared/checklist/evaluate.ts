import type { ConfigAnalysis } from '../config/types';
import { STEP_ORDER, STEP_TITLES, type StepId, type StepState, type StepStatus } from './steps';

/** What the app knows about the port so far; each step reads only its own evidence. */
export interface PortEvidence {
  configError?: string | null;
  analysis?: ConfigAnalysis | null;
  /** Config paths that the generated model_config.py maps (its source map). */
  mappedConfigPaths?: ReadonlySet<string> | null;
  /** The package as last written to disk: where, and the TODO markers left in model.py. */
  writtenPackage?: { dir: string; archName: string; nameIsBuiltIn: boolean; todosLeft: number } | null;
  weights?: { unmappedCheckpoint: number; unfilledModel: number; mismatches: number; tensorCount: number; mapKnown: boolean; baseline: string | null } | null;
}

type Rule = (e: PortEvidence) => [StepState, string];

const rules: Record<StepId, Rule> = {
  'map-fields': (e) => {
    if (e.configError) return ['blocked', e.configError];
    if (!e.analysis) return ['todo', 'Open a checkpoint to read its config.json'];
    const errors = e.analysis.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors) return ['blocked', `${errors} error${errors > 1 ? 's' : ''} in the config analysis (see Problems)`];
    const unknown = e.analysis.fields.filter((f) => f.category === 'unknown' && f.origin === 'config').length;
    if (unknown) return ['in-progress', `${unknown} field${unknown > 1 ? 's' : ''} not in the knowledge base: review ${unknown > 1 ? 'them' : 'it'}`];
    const needMapping = e.analysis.fields.filter((f) => f.origin === 'config' && f.category === 'dimension');
    const unmapped = e.mappedConfigPaths ? needMapping.filter((f) => !e.mappedConfigPaths!.has(f.path)) : needMapping;
    if (unmapped.length) return ['in-progress', `${unmapped.length} dimension field${unmapped.length > 1 ? 's' : ''} not yet mapped in model_config.py (first: ${unmapped[0].path})`];
    return ['done', `All ${e.analysis.fields.filter((f) => f.origin === 'config').length} fields written in config.json classified; every dimension mapped`];
  },
  'build-layers': (e) => {
    if (!e.analysis) return ['todo', 'Needs the config analysis'];
    if (e.analysis.baseline.match === 'native') return ['done', `MAX's ${e.analysis.baseline.folder} already implements ${e.analysis.architecture}`];
    if (!e.writtenPackage) return ['todo', 'Write the package, then implement the TODOs in model.py'];
    if (e.writtenPackage.todosLeft) return ['in-progress', `${e.writtenPackage.todosLeft} TODO marker${e.writtenPackage.todosLeft > 1 ? 's' : ''} left in model.py`];
    return ['done', 'No TODO marker left in model.py'];
  },
  register: (e) => {
    if (!e.writtenPackage) return ['todo', 'Write the package (arch.py, __init__.py) to a folder'];
    if (e.writtenPackage.nameIsBuiltIn) return ['blocked', `${e.writtenPackage.archName} is built into MAX: current nightlies refuse to override it; use a unique name`];
    return ['done', `${e.writtenPackage.archName} registered in ${e.writtenPackage.dir}`];
  },
  'map-weights': (e) => {
    if (!e.weights) return ['todo', 'Inspect the weight headers (Weights view)'];
    const { unmappedCheckpoint, unfilledModel, mismatches, tensorCount, mapKnown, baseline } = e.weights;
    if (!mapKnown) return ['in-progress', `No name map is known for the ${baseline ?? 'chosen'} donor: map the ${tensorCount} tensors by hand`];
    if (mismatches) return ['blocked', `${mismatches} config field${mismatches > 1 ? 's' : ''} contradicted by the weights`];
    if (unmappedCheckpoint || unfilledModel) return ['in-progress', `${unmappedCheckpoint} checkpoint tensors unmapped, ${unfilledModel} model weights unfilled`];
    return ['done', `All ${tensorCount} tensors mapped; shapes agree with the config`];
  },
  // The state already says "not built yet"; the detail says what to do meanwhile, in the user's terms.
  'validate-logits': () => ['not-built', "compare MAX's logits with transformers' by hand: PORTING.md gives MAX's thresholds"],
  serve: () => ['not-built', 'run max serve by hand; the Serve step shows the full command to copy'],
};

export function evaluateSteps(evidence: PortEvidence): StepStatus[] {
  return STEP_ORDER.map((id) => {
    const [state, detail] = rules[id](evidence);
    return { id, title: STEP_TITLES[id], state, detail };
  });
}
