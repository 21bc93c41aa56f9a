import type { StepStatus } from '@shared/checklist/steps';
import { formatChord, isMac } from '../../app/commands/keys';
import { usePortStore } from '../port/portStore';
import { selectStep } from './selectStep';
import { stepSummary } from './stepSummary';

const ICON: Record<StepStatus['state'], string> = { done: '✓', 'in-progress': '◐', todo: '○', blocked: '!', 'not-built': '–' };

/**
 * MAX's bring-up steps, in order; each state comes from its evidence (shared/checklist). A long
 * detail is cut at a whole line with an ellipsis; the full text is the button's tooltip.
 */
export function ChecklistRail({ steps }: { steps: StepStatus[] }) {
  const active = usePortStore((s) => s.activeStep);
  return (
    <nav className="checklist" aria-label="Porting steps">
      <div className="rail-title">Port</div>
      <ol>
        {steps.map((step, i) => (
          <li key={step.id}>
            <button
              className={`step step-${step.state} ${active === step.id ? 'active' : ''}`}
              onClick={() => selectStep(step.id)}
              title={`${i + 1}. ${step.title} (${formatChord(`Mod+${i + 1}`, isMac)})\n${stepSummary(step)}`}
              data-testid={`step-${step.id}`}
              data-state={step.state}
            >
              <span className="step-icon" aria-hidden>{ICON[step.state]}</span>
              <span className="step-text">
                <span className="step-title">{i + 1}. {step.title}</span>
                <span className="step-summary">{stepSummary(step)}</span>
              </span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
