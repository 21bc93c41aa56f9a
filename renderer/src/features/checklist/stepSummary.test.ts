import { describe, expect, it } from 'vitest';
import { evaluateSteps } from '@shared/checklist/evaluate';
import { stepSummary } from './stepSummary';

describe('stepSummary', () => {
  it('puts the state before the evidence', () => {
    expect(stepSummary({ id: 'register', title: 'Register architecture', state: 'todo', detail: 'Write the package' })).toBe('to do: Write the package');
  });

  it('never says the state twice, whatever the detail starts with', () => {
    expect(stepSummary({ id: 'serve', title: 'Serve', state: 'not-built', detail: 'Not built yet: run it by hand' })).toBe('not built yet: run it by hand');
    for (const step of evaluateSteps({})) expect(stepSummary(step).toLowerCase()).not.toMatch(/^([a-z ]+): \1\b/);
  });

  it('cites nothing users do not have (reference files of the project)', () => {
    for (const step of evaluateSteps({})) expect(stepSummary(step)).not.toMatch(/max-facts|\.md §/);
  });
});
