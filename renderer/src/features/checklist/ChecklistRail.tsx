import type { StepState } from '@shared/checklist/steps';
import type { PortStep } from '@shared/project/types';
import { usePortStore } from '../port/portStore';
import { refreshEvidence, showStart } from '../project/projectActions';
import { selectStep } from './selectStep';

export const STATE_ICON: Record<StepState, string> = { done: '✓', 'in-progress': '◐', todo: '○', blocked: '!', stale: '↻' };
export const STATE_LABEL: Record<StepState, string> = { done: 'done', 'in-progress': 'in progress', todo: 'to do', blocked: 'blocked', stale: 'stale' };

/**
 * MAX's bring-up steps, in order; each state comes from its evidence (shared/checklist). The rail
 * shows a few whole words per step; the full line is on hover and in the Step panel.
 */
export function ChecklistRail({ steps, portDir, unsaved }: { steps: PortStep[]; portDir: string | null; unsaved: boolean }) {
  const active = usePortStore((s) => s.activeStep);
  return (
    <nav className="checklist" aria-label="Porting steps">
      <div className="rail-title">
        <button className="rail-home" onClick={showStart} title="Start page: recent ports, open a port, examples" data-testid="show-start">Port</button>
        {portDir && <button className="icon-button rail-refresh" onClick={() => void refreshEvidence()} title={`Gather the evidence again from ${portDir}`} aria-label="Gather the evidence again">⟳</button>}
      </div>
      {portDir && <div className="rail-port" title={portDir} data-testid="rail-port">{portDir.split(/[\\/]/).pop()}</div>}
      {unsaved && <div className="rail-unsaved" title="The steps describe the port on disk. Write (Ctrl+S) to gather the evidence for your edits.">config.json edited: write to update</div>}
      <ol>
        {steps.map((step, i) => (
          <li key={step.id}>
            <button
              className={`step step-${step.state} ${active === step.id ? 'active' : ''}`}
              onClick={() => selectStep(step.id)}
              title={`${step.title}: ${STATE_LABEL[step.state]}. ${step.detail} (Ctrl+${i + 1})`}
              data-testid={`step-${step.id}`}
              data-state={step.state}
            >
              <span className="step-icon" aria-hidden>{STATE_ICON[step.state]}</span>
              <span className="step-text">
                <span className="step-title">{i + 1}. {step.title}</span>
                <span className="step-detail" data-testid={`step-summary-${step.id}`}>{STATE_LABEL[step.state]}: {step.summary}</span>
              </span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
