/**
 * What Bringup found when it gathered a step's evidence: one finding per thing that keeps the step
 * from done, or worth knowing. The evidence of the four gathered steps records them as
 * `data.findings`; the checklist rules (evaluate.ts) decide the state from them and from the user's
 * acknowledgements, so acknowledging needs no new gathering.
 */
import { z } from 'zod';

/**
 * blocker: the step fails until it is fixed (blocked). todo: the step cannot be judged yet (e.g. no
 * weight files). open: left to do; an acknowledgeable one may instead be accepted with a written
 * reason (in-progress). note: shown, never in the way.
 */
export type FindingLevel = 'blocker' | 'todo' | 'open' | 'note';

export const findingSchema = z.looseObject({
  /** Stable key an acknowledgement names: `field:<config path>`, `tensor:<name pattern>`, `todo:<file>:<feature>` ... */
  id: z.string().min(1).max(1000),
  level: z.enum(['blocker', 'todo', 'open', 'note']),
  /** One line, complete. */
  message: z.string().max(2000),
  /** Where it is: a config path, a package file and 1-based line, a tensor. */
  configPath: z.string().max(1000).optional(),
  file: z.string().max(1000).optional(),
  line: z.number().int().optional(),
  tensor: z.string().max(1000).optional(),
  /** Whether a written reason may settle it (an unknown field, a truly unused tensor). */
  acknowledgeable: z.boolean().optional(),
  /** A config.json change that fixes it (the quick fix): set `path` to `value`. */
  fix: z.looseObject({ path: z.string().max(1000), value: z.unknown(), label: z.string().max(500) }).optional(),
});

export type Finding = z.infer<typeof findingSchema>;

/** `data` of a gathered step's evidence: its findings, plus the step's own facts (counts, names). */
export const gatheredDataSchema = z.looseObject({ findings: z.array(findingSchema) });
export type GatheredData = z.infer<typeof gatheredDataSchema> & Record<string, unknown>;

/** What a gatherer returns: the evidence without its time and inputs (the services add those). */
export interface Gathered {
  ok: boolean;
  detail: string;
  data: GatheredData;
}

export function gathered(findings: Finding[], detail: string, facts: Record<string, unknown> = {}): Gathered {
  return { ok: !findings.some((f) => f.level === 'blocker' || f.level === 'todo' || f.level === 'open'), detail, data: { ...facts, findings } };
}

/** The findings of recorded evidence, or null when its data is not a gathered record. */
export function findingsOf(data: unknown): Finding[] | null {
  const parsed = gatheredDataSchema.safeParse(data);
  return parsed.success ? parsed.data.findings : null;
}

export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;
