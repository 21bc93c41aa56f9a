import type { PortStep } from '@shared/project/types';
import { formatChord, isMac } from '../../app/commands/keys';
import { usePortStore } from '../port/portStore';
import { refreshEvidence, showStart } from '../project/projectActions';
import { selectStep } from './selectStep';
import { STATE_ICON, stepDetail, stepSummary } from './stepSummary';

/**
 * MAX's bring-up steps, in order; each state comes from its evidence (shared/checklist). The rail
 * shows a few whole words per step, cut at a whole line with an ellipsis; the full line is the
 * tooltip and the Step panel's.
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
              title={railTooltip(step, i)}
              data-testid={`step-${step.id}`}
              data-state={step.state}
            >
              <span className="step-icon" aria-hidden>{STATE_ICON[step.state]}</span>
              <span className="step-text">
                <span className="step-title">{i + 1}. {step.title}</span>
                <span className="step-summary" data-testid={`step-summary-${step.id}`}>{stepSummary(step)}</span>
              </span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The whole of what the rail shows (it may be cut at a whole line), then the full line behind it. */
function railTooltip(step: PortStep, i: number): string {
  const shown = stepSummary(step);
  const full = stepDetail(step);
  return `${i + 1}. ${step.title} (${formatChord(`Mod+${i + 1}`, isMac)})\n${shown}${full !== shown ? `\n${full}` : ''}`;
}
