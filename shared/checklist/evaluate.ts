/**
 * The checklist rules, pure: the same code decides the app's rail, the Problems list and
 * `bringup status`. Each step's state comes from its recorded evidence alone (CLI-CONTRACT.md
 * `bringup status`):
 * - no evidence: todo;
 * - an input it was recorded against has changed (or is gone): stale;
 * - the four gathered steps: a blocker finding → blocked, a todo finding → todo, an open finding not
 *   acknowledged → in-progress, else done;
 * - serve and validate-logits (recorded by their runs): ok → done, not ok → blocked with the reason.
 */
import type { Acknowledgement, Evidence } from '../project/schema';
import { findingsOf, plural, type Finding } from './findings';
import { GATHERED_STEPS, STEP_ORDER, STEP_TITLES, type StepId, type StepState, type StepStatus } from './steps';

export interface ChecklistInput {
  evidence: Partial<Record<StepId, Evidence>>;
  acknowledgements?: readonly Acknowledgement[];
  /**
   * The current sha256 of every input key the evidence names (null: the file is gone). Absent for a
   * live preview, whose evidence has no inputs on disk to go stale.
   */
  current?: Readonly<Record<string, string | null>> | null;
  /** Why a step without evidence is still to do, when the caller knows better than the default. */
  todo?: Partial<Record<StepId, string>>;
}

/** A step's status with what it rests on: the evidence and its findings, each marked if acknowledged. */
export interface StepReport extends StepStatus {
  evidence: Evidence | null;
  findings: Array<Finding & { acknowledged?: Acknowledgement }>;
  /** Inputs that changed since the evidence was recorded (stale). */
  changed: string[];
}

const TODO: Record<StepId, string> = {
  'map-fields': 'Open a checkpoint to read its config.json',
  'build-layers': 'Write the port, then implement the TODOs the package names',
  register: 'Write the port: arch.py, __init__.py and the serve folder',
  'map-weights': 'Read the weight headers (they are read when the port opens)',
  'validate-logits': 'Compare reference and MAX logits: bringup logits REF CAND --port DIR',
  serve: 'Start max serve for the port: bringup serve DIR --smoke',
};

/** The rail prints `<state>: <summary>`, so summaries start in lower case. */
const TODO_SUMMARY: Record<StepId, string> = {
  'map-fields': 'open a checkpoint',
  'build-layers': 'write the port',
  register: 'write the port',
  'map-weights': 'read the weights',
  'validate-logits': 'compare logits',
  serve: 'start the server',
};

export function evaluateChecklist(input: ChecklistInput): StepReport[] {
  return STEP_ORDER.map((id) => evaluateStep(id, input));
}

function evaluateStep(id: StepId, input: ChecklistInput): StepReport {
  const evidence = input.evidence[id] ?? null;
  const base = { id, title: STEP_TITLES[id], evidence, findings: [] as StepReport['findings'], changed: [] as string[] };
  if (!evidence) {
    const detail = input.todo?.[id] ?? TODO[id];
    return { ...base, state: 'todo', summary: TODO_SUMMARY[id], detail };
  }
  const findings = annotate(id, evidence, input.acknowledgements ?? []);
  const changed = input.current ? changedInputs(evidence, input.current) : [];
  const judged = GATHERED_STEPS.includes(id) ? judgeGathered(id, evidence, findings) : judgeRecorded(id, evidence);
  if (changed.length) {
    const was = judged.state === 'done' ? 'was done' : `was ${judged.state.replace('-', ' ')}`;
    return {
      ...base, findings, changed, state: 'stale',
      summary: `${shortPath(changed[0])} changed`,
      detail: `${plural(changed.length, 'input')} changed since ${evidence.at} (${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', ...' : ''}); it ${was}: ${judged.detail}`,
    };
  }
  return { ...base, findings, changed, ...judged };
}

function annotate(id: StepId, evidence: Evidence, acks: readonly Acknowledgement[]): StepReport['findings'] {
  const findings = findingsOf(evidence.data) ?? (evidence.ok ? [] : [{ id: 'result', level: 'blocker' as const, message: evidence.detail }]);
  return findings.map((f) => {
    const ack = f.acknowledgeable ? acks.find((a) => a.step === id && a.finding === f.id) : undefined;
    return ack ? { ...f, acknowledged: ack } : f;
  });
}

/** Input keys whose current hash differs from the recorded one, or that are gone. */
export function changedInputs(evidence: Evidence, current: Readonly<Record<string, string | null>>): string[] {
  return Object.entries(evidence.inputs).filter(([key, sha]) => current[key] !== sha).map(([key]) => key);
}

type Judged = { state: StepState; summary: string; detail: string };

function judgeGathered(id: StepId, evidence: Evidence, findings: StepReport['findings']): Judged {
  const blockers = findings.filter((f) => f.level === 'blocker');
  if (blockers.length) return { state: 'blocked', summary: blockedSummary(id, blockers), detail: withMore(blockers) };
  const todo = findings.find((f) => f.level === 'todo');
  if (todo) return { state: 'todo', summary: TODO_SUMMARY[id], detail: todo.message };
  const open = findings.filter((f) => f.level === 'open' && !f.acknowledged);
  if (open.length) return { state: 'in-progress', summary: openSummary(id, open), detail: withMore(open) };
  const acknowledged = findings.filter((f) => f.acknowledged).length;
  return { state: 'done', summary: doneSummary(id, evidence), detail: `${evidence.detail}${acknowledged ? ` (${plural(acknowledged, 'finding')} acknowledged)` : ''}` };
}

function judgeRecorded(id: StepId, evidence: Evidence): Judged {
  const data = (evidence.data ?? {}) as Record<string, unknown>;
  if (!evidence.ok) return { state: 'blocked', summary: id === 'serve' ? serveFailure(data) : logitsSummary(data, 'fail'), detail: evidence.detail };
  return { state: 'done', summary: id === 'serve' ? serveSummary(data) : logitsSummary(data, 'pass'), detail: evidence.detail };
}

const withMore = (findings: readonly Finding[]) => `${findings[0].message}${findings.length > 1 ? ` (and ${findings.length - 1} more)` : ''}`;

function blockedSummary(id: StepId, blockers: readonly Finding[]): string {
  const n = blockers.length;
  if (id === 'map-weights' && blockers.some((b) => b.id.startsWith('check:'))) return `${plural(blockers.filter((b) => b.id.startsWith('check:')).length, 'field')} contradicted`;
  if (id === 'register' && blockers.some((b) => b.id === 'builtin-name')) return 'built-in name refused';
  if (id === 'register' && blockers.some((b) => b.id === 'serve-folder:download')) return 'download the checkpoint';
  if (blockers.some((b) => b.id.startsWith('file:'))) return 'package file missing';
  return plural(n, 'blocking problem');
}

function openSummary(id: StepId, open: readonly Finding[]): string {
  const n = open.length;
  switch (id) {
    case 'map-fields': {
      const unknown = open.filter((f) => f.id.startsWith('field:')).length;
      return unknown ? `${plural(unknown, 'field')} to review` : `${plural(n, 'field')} not mapped`;
    }
    case 'build-layers':
      return `${plural(n, 'TODO')} left`;
    case 'map-weights':
      return open.some((f) => f.id === 'name-map') ? 'no name map' : `${plural(n, 'group')} unmapped`;
    default:
      return plural(n, 'open finding');
  }
}

function doneSummary(id: StepId, evidence: Evidence): string {
  const data = (evidence.data ?? {}) as Record<string, unknown>;
  switch (id) {
    case 'map-fields':
      return typeof data.fields === 'number' ? `${plural(data.fields, 'field')} mapped` : 'fields mapped';
    case 'build-layers':
      return 'no TODO left';
    case 'register':
      return typeof data.archName === 'string' ? `as ${data.archName}` : 'registered';
    case 'map-weights':
      return typeof data.tensorCount === 'number' ? `${plural(data.tensorCount, 'tensor')} mapped` : 'weights mapped';
    default:
      return 'done';
  }
}

function serveSummary(data: Record<string, unknown>): string {
  const ms = typeof data.readyAfterMs === 'number' ? data.readyAfterMs : null;
  const smoke = data.smoke as { ok?: unknown } | null | undefined;
  return `ready${ms !== null ? ` in ${(ms / 1000).toFixed(1)} s` : ''}${smoke && smoke.ok === true ? ', answered' : ''}`;
}

function serveFailure(data: Record<string, unknown>): string {
  const failure = data.failure as { code?: unknown } | null | undefined;
  return typeof failure?.code === 'string' ? `failed: ${failure.code}` : 'not ready';
}

function logitsSummary(data: Record<string, unknown>, verdict: 'pass' | 'fail'): string {
  const summary = data.summary as { maxKl?: unknown } | undefined;
  const thresholds = data.thresholds as { kl?: unknown } | undefined;
  if (typeof summary?.maxKl !== 'number' || typeof thresholds?.kl !== 'number') return verdict === 'pass' ? 'logits match' : 'logits differ';
  return `max KL ${formatSci(summary.maxKl)} ${verdict === 'pass' ? '≤' : '>'} ${formatSci(thresholds.kl)}`;
}

export const formatSci = (x: number) => (x === 0 ? '0' : Math.abs(x) >= 0.01 && Math.abs(x) < 1000 ? String(Number(x.toPrecision(3))) : x.toExponential(1));

const shortPath = (key: string) => key.split('#')[0].split('/').pop() ?? key;
