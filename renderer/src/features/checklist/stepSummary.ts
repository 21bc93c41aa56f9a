import type { StepState } from '@shared/checklist/steps';

export const STATE_ICON: Record<StepState, string> = { done: '✓', 'in-progress': '◐', todo: '○', blocked: '!', stale: '↻' };
export const STATE_LABEL: Record<StepState, string> = { done: 'done', 'in-progress': 'in progress', todo: 'to do', blocked: 'blocked', stale: 'stale' };

/** "blocked: 1 field contradicted" (the state, then the evidence), without saying the state twice. */
export function stateLine(state: StepState, text: string): string {
  const label = STATE_LABEL[state];
  const line = text.trim();
  return line.toLowerCase().startsWith(label.toLowerCase()) ? line.replace(/^./, (c) => c.toLowerCase()) : `${label}: ${line}`;
}

/** The rail's few words (`summary`) and the whole line (`detail`, for the tooltip and the Step panel). */
export const stepSummary = (step: { state: StepState; summary: string }) => stateLine(step.state, step.summary);
export const stepDetail = (step: { state: StepState; detail: string }) => stateLine(step.state, step.detail);
