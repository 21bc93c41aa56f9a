/**
 * MAX's bring-up order (max-facts.md §8; DESIGN.md "The port, step by step"). A step is done only
 * when its evidence holds, never because someone ticked it; steps whose evidence the product
 * cannot gather yet say so.
 */
export type StepId = 'map-fields' | 'build-layers' | 'register' | 'map-weights' | 'validate-logits' | 'serve';

export type StepState = 'done' | 'in-progress' | 'todo' | 'blocked' | 'not-built';

export interface StepStatus {
  id: StepId;
  title: string;
  state: StepState;
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
