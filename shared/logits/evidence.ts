/**
 * What a comparison leaves in the port (`.bringup/project.json`, step `validate-logits`): the
 * contract's JSON with each file's sha256, and the positions bounded so a long run stays a small
 * record while the port report can still plot KL and cosine distance per position.
 */
import type { LogitsReport, PositionMetrics } from './types';

export const EVIDENCE_POSITIONS = 2048;

export interface LogitsEvidenceData extends Omit<LogitsReport, 'positions'> {
  files: { ref: { path: string; sha256: string | null }; cand: { path: string; sha256: string | null } };
  positions: PositionMetrics[];
  /** null: every position is kept; else each kept entry is the worst (max KL) of `every` consecutive positions. */
  positionsSampled: { every: number; total: number } | null;
}

/** At most `limit` positions: all of them, or the max-KL position of each run of `every`, in order. */
export function boundPositions(positions: PositionMetrics[], limit = EVIDENCE_POSITIONS): { positions: PositionMetrics[]; sampled: LogitsEvidenceData['positionsSampled'] } {
  if (positions.length <= limit) return { positions, sampled: null };
  const every = Math.ceil(positions.length / limit);
  const kept: PositionMetrics[] = [];
  for (let start = 0; start < positions.length; start += every) {
    let worst = positions[start];
    for (let i = start + 1; i < Math.min(positions.length, start + every); i++) if (positions[i].kl > worst.kl) worst = positions[i];
    kept.push(worst);
  }
  return { positions: kept, sampled: { every, total: positions.length } };
}

export function evidenceData(report: LogitsReport, files: LogitsEvidenceData['files']): LogitsEvidenceData {
  const { positions, sampled } = boundPositions(report.positions);
  return { ...report, positions, positionsSampled: sampled, files };
}

/** The evidence's one line (`detail`). */
export function evidenceDetail(report: LogitsReport): string {
  const s = report.summary;
  return `logits ${report.verdict}: ${report.why}; ${s.positions} positions, top-1 agreement ${(s.top1Agreement * 100).toFixed(1)}%`;
}
