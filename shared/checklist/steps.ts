/**
 * MAX's bring-up order (max-facts.md §8; DESIGN.md "The port, step by step"). A step is done only
 * when its evidence holds, never because someone ticked it (CLI-CONTRACT.md `bringup status`).
 */
export type StepId = 'map-fields' | 'build-layers' | 'register' | 'map-weights' | 'validate-logits' | 'serve';

/**
 * done: the evidence holds for the files as they are now. in-progress: evidence gathered, findings
 * left to settle. todo: no evidence yet. blocked: the evidence says it fails (the reason is the
 * detail). stale: it was done, but an input it was recorded against has changed since.
 */
export type StepState = 'done' | 'in-progress' | 'todo' | 'blocked' | 'stale';

export interface StepStatus {
  id: StepId;
  title: string;
  state: StepState;
  /** A few words for the rail, whole words only (the full line is `detail`). */
  summary: string;
  /** One line: the evidence, or what is missing. */
  detail: string;
}

export const STEP_TITLES: Record<StepId, string> = {
  'map-fields': 'Map fields',
  'build-layers': 'Build layers',
  register: 'Register architecture',
  'map-weights': 'Map weights',
  'validate-logits': 'Validate logits',
  serve: 'Serve',
};

export const STEP_ORDER: StepId[] = ['map-fields', 'build-layers', 'register', 'map-weights', 'validate-logits', 'serve'];

/** Steps whose evidence Bringup gathers itself from the port's files; the other two are recorded by runs. */
export const GATHERED_STEPS: StepId[] = ['map-fields', 'build-layers', 'register', 'map-weights'];
