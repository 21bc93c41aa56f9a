import { describe, expect, it } from 'vitest';
import { evaluateChecklist } from '@shared/checklist/evaluate';
import { stateLine, stepDetail, stepSummary } from './stepSummary';

describe('stepSummary', () => {
  it('puts the state before the evidence', () => {
    expect(stateLine('todo', 'Write the package')).toBe('to do: Write the package');
  });

  it('never says the state twice, whatever the text starts with', () => {
    expect(stateLine('stale', 'Stale: config.json changed')).toBe('stale: config.json changed');
    for (const step of evaluateChecklist({ evidence: {} })) {
      expect(stepSummary(step).toLowerCase()).not.toMatch(/^([a-z ]+): \1\b/);
      expect(stepDetail(step).toLowerCase()).not.toMatch(/^([a-z ]+): \1\b/);
    }
  });

  it('cites nothing users do not have (reference files of the project)', () => {
    for (const step of evaluateChecklist({ evidence: {} })) expect(`${stepSummary(step)} ${stepDetail(step)}`).not.toMatch(/max-facts|\.md §/);
  });
});
