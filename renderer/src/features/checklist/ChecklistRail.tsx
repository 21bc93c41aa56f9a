import type { StepStatus } from '@shared/checklist/steps';
import { usePortStore } from '../port/portStore';
import { selectStep } from './selectStep';

const ICON: Record<StepStatus['state'], string> = { done: '✓', 'in-progress': '◐', todo: '○', blocked: '!', 'not-built': '–' };
const LABEL: Record<StepStatus['state'], string> = { done: 'done', 'in-progress': 'in progress', todo: 'to do', blocked: 'blocked', 'not-built': 'not built yet' };

/** MAX's bring-up steps, in order; each state comes from its evidence (shared/checklist). */
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
              title={`${step.title}: ${LABEL[step.state]}. ${step.detail} (Ctrl+${i + 1})`}
              data-testid={`step-${step.id}`}
              data-state={step.state}
            >
              <span className="step-icon" aria-hidden>{ICON[step.state]}</span>
              <span className="step-text">
                <span className="step-title">{i + 1}. {step.title}</span>
                <span className="step-detail">{LABEL[step.state]}: {step.detail}</span>
              </span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
