/**
 * MAX's failure and phase strings as data (resources/kb/serve/), compiled once; matching is plain:
 * every log message against every pattern, first by priority.
 */
import failuresKb from '../../resources/kb/serve/failures.json';
import phasesKb from '../../resources/kb/serve/phases.json';
import defaultsKb from '../../resources/kb/serve/defaults.json';
import type { StepId } from '../checklist/steps';
import { STEP_ORDER } from '../checklist/steps';

export interface SignatureSource { repo?: string; path: string; line: number | null; symbol?: string }

export interface Signature {
  code: string;
  kind: 'failure' | 'notice';
  step: StepId;
  priority: number;
  pattern: RegExp;
  hint: string;
  source: SignatureSource;
}

export interface PhaseDef {
  id: string;
  label: string;
  patterns: RegExp[];
}

interface RawSignature { code: string; kind: string; step: string; priority: number; match: string; hint: string; source: SignatureSource }

function asStep(step: string, where: string): StepId {
  if (!(STEP_ORDER as string[]).includes(step)) throw new Error(`resources/kb/serve/${where}: unknown step '${step}'`);
  return step as StepId;
}

export const SIGNATURES: Signature[] = (failuresKb.signatures as RawSignature[]).map((raw) => ({
  code: raw.code,
  kind: raw.kind === 'notice' ? 'notice' : 'failure',
  step: asStep(raw.step, `failures.json ${raw.code}`),
  priority: raw.priority,
  pattern: new RegExp(raw.match),
  hint: raw.hint,
  source: { ...(failuresKb.source.repo && !raw.source.repo ? { repo: failuresKb.source.repo } : {}), ...raw.source },
}));

const packageSteps = failuresKb.packageFileSteps as Record<string, string>;

/** The step whose work a package file holds (model.py: build layers ...). */
export function stepForPackageFile(file: string): StepId {
  const base = file.split('/').pop() ?? file;
  const step = Object.hasOwn(packageSteps, base) && base !== '_about' ? packageSteps[base] : packageSteps['*'];
  return asStep(step, 'failures.json packageFileSteps');
}

export const PHASES: PhaseDef[] = phasesKb.phases.map((p) => ({ id: p.id, label: p.label, patterns: p.match.map((m) => new RegExp(m)) }));

export const SERVE_DEFAULTS = {
  httpPort: defaultsKb.httpPort.value,
  host: defaultsKb.host.value,
  hostEnv: defaultsKb.host.env,
  portEnv: defaultsKb.httpPort.env,
  metricsPort: defaultsKb.metricsPort.value,
  metricsPortEnv: defaultsKb.metricsPort.env,
  readyMarker: defaultsKb.readyMarker.value,
  healthPath: defaultsKb.healthPath.value,
  modelsPath: defaultsKb.modelsPath.value,
  chatPath: defaultsKb.chatPath.value,
  completionsPath: defaultsKb.completionsPath.value,
  maxBatchSizeGpu: defaultsKb.maxBatchSize.gpu,
  maxBatchSizeCpu: defaultsKb.maxBatchSize.cpu,
  maxBatchInputTokens: defaultsKb.maxBatchInputTokens.value,
  deviceMemoryUtilization: defaultsKb.deviceMemoryUtilization.value,
  kvCachePageSize: defaultsKb.kvCachePageSize.value,
} as const;

export interface SignatureHit {
  signature: Signature;
  figures: Record<string, string>;
}

/** Every signature the message matches, highest priority first. */
export function matchSignatures(message: string): SignatureHit[] {
  const hits: SignatureHit[] = [];
  for (const signature of SIGNATURES) {
    const m = signature.pattern.exec(message);
    if (!m) continue;
    const figures: Record<string, string> = {};
    for (const [name, value] of Object.entries(m.groups ?? {})) if (value !== undefined) figures[name] = value;
    hits.push({ signature, figures });
  }
  return hits.sort((a, b) => b.signature.priority - a.signature.priority);
}

/** A hint with `{name}` filled from the figures; a name without a value reads as "it". */
export function fillHint(hint: string, figures: Record<string, string>): string {
  return hint.replace(/\{(\w+)\}/g, (_, name: string) => figures[name] ?? 'it');
}
