import type { StepStatus } from '@shared/checklist/steps';

const STATE_LABEL: Record<StepStatus['state'], string> = { done: 'done', 'in-progress': 'in progress', todo: 'to do', blocked: 'blocked', 'not-built': 'not built yet' };

/** "not built yet: run ..." (the state, then the evidence), without saying the state twice. */
export function stepSummary(step: StepStatus): string {
  const label = STATE_LABEL[step.state];
  const detail = step.detail.trim();
  const repeats = detail.toLowerCase().startsWith(label.toLowerCase());
  return repeats ? detail.replace(/^./, (c) => c.toLowerCase()) : `${label}: ${detail}`;
}
