import { useState } from 'react';
import type { StepId } from '@shared/checklist/steps';
import type { PortStep } from '@shared/project/types';
import { revealRequests } from '../port/revealRequests';
import { applyQuickFix } from '../port/quickFix';
import { acknowledge, unacknowledge } from '../project/projectActions';

type FindingView = PortStep['findings'][number];

/**
 * One finding of a step: what it says, where (click to reveal the config field), its quick fix, and
 * for an acknowledgeable one the written reason that settles it (only on a written port, where it
 * is recorded; nothing is ever ticked without one).
 */
export function FindingRow({ step, finding, canAcknowledge }: { step: StepId; finding: FindingView; canAcknowledge: boolean }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const ack = finding.acknowledged;
  return (
    <li className={`finding finding-${finding.level} ${ack ? 'finding-acknowledged' : ''}`} data-testid="finding" data-finding={finding.id}>
      <button className="finding-message" onClick={() => finding.configPath && revealRequests.request(finding.configPath)} title={finding.configPath ? `Reveal ${finding.configPath} in config.json` : undefined} disabled={!finding.configPath}>
        <span className="finding-level">{ack ? 'accepted' : finding.level}</span>
        <span>{finding.message}</span>
      </button>
      {finding.fix && !ack && (
        <button className="button" onClick={() => applyQuickFix(finding.fix!)} data-testid="quick-fix">{finding.fix.label}</button>
      )}
      {ack && (
        <span className="finding-ack" data-testid="acknowledged">
          Acknowledged: “{ack.reason}” ({ack.at.slice(0, 10)}){' '}
          <button className="button link" onClick={() => void unacknowledge(step, finding.id)}>Withdraw</button>
        </span>
      )}
      {finding.acknowledgeable && !ack && canAcknowledge && !asking && (
        <button className="button" onClick={() => setAsking(true)} data-testid="acknowledge">Acknowledge…</button>
      )}
      {asking && (
        <form
          className="ack-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim().length >= 3) void acknowledge(step, finding.id, reason.trim()).then(() => setAsking(false));
          }}
        >
          <input autoFocus value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why this is fine (recorded in .bringup/project.json and the report)" aria-label="Reason" />
          <button type="submit" className="button primary" disabled={reason.trim().length < 3}>Record</button>
          <button type="button" className="button" onClick={() => setAsking(false)}>Cancel</button>
        </form>
      )}
    </li>
  );
}
