/**
 * Readers for what serve and the logits comparison record as evidence `data` (CLI-CONTRACT.md
 * `bringup serve --json`, `bringup logits --json`). Tolerant on purpose: a field missing or of another
 * shape leaves that part of the report out instead of failing it.
 */
import { z } from 'zod';

const num = z.number();
const str = z.string();

export const serveDataSchema = z.looseObject({
  argv: z.array(str).optional(),
  pid: num.nullable().optional(),
  httpPort: num.nullable().optional(),
  ready: z.boolean().optional(),
  readyAfterMs: num.nullable().optional(),
  url: str.nullable().optional(),
  health: num.nullable().optional(),
  servedModel: str.nullable().optional(),
  smoke: z.looseObject({ ok: z.boolean().optional(), text: str.nullable().optional(), ttftMs: num.nullable().optional(), tokensPerSecond: num.nullable().optional(), completionTokens: num.nullable().optional() }).nullable().optional(),
  failure: z.looseObject({ code: str.optional(), step: str.optional(), line: str.optional(), hint: str.optional() }).nullable().optional(),
  log: str.nullable().optional(),
  exitCode: num.nullable().optional(),
});
export type ServeData = z.infer<typeof serveDataSchema>;

const logitsFile = z.looseObject({ file: str.optional(), format: str.optional(), dtype: str.optional(), shape: z.array(num).optional(), sha256: str.optional() });
const position = z.looseObject({
  index: num, prompt: num.optional(), step: num.optional(), kl: num, klRev: num.optional(), cosDist: num, mae: num.optional(), rmse: num.optional(), maxAbs: num.optional(),
  refTop1: num.optional(), candTop1: num.optional(), top1Match: z.boolean().optional(), top5Overlap: num.optional(), refTop1InCandTop5: z.boolean().optional(),
});
const prompt = z.looseObject({ prompt: num, text: str.nullable().optional(), positions: num.optional(), avgKl: num.optional(), maxKl: num.optional(), avgCosDist: num.optional(), mae: num.optional(), top1Agreement: num.optional() });

const logitsHead = z.looseObject({
  ref: logitsFile.optional(),
  cand: logitsFile.optional(),
  summary: z.looseObject({
    positions: num.optional(), maxKl: num.optional(), meanKl: num.optional(), maxCosDist: num.optional(), meanCosDist: num.optional(),
    mae: num.optional(), rmse: num.optional(), maxAbs: num.optional(), top1Agreement: num.optional(), top5Agreement: num.optional(),
  }).optional(),
  // cosDist null: the pipeline's entry sets none, so MAX does not check it (thresholds.json).
  thresholds: z.looseObject({ kl: num.optional(), cosDist: num.nullable().optional(), source: str.optional(), provenance: str.optional() }).optional(),
  /** Where the comparison read its files, with their sha256 (shared/logits/evidence.ts). */
  files: z.looseObject({ ref: z.looseObject({ path: str, sha256: str.nullable() }).optional(), cand: z.looseObject({ path: str, sha256: str.nullable() }).optional() }).optional(),
  positionsSampled: z.looseObject({ every: num, total: num }).nullable().optional(),
  verdict: z.enum(['pass', 'fail']).optional(),
  why: str.optional(),
});
export const logitsDataSchema = logitsHead.extend({ positions: z.array(z.unknown()).optional(), prompts: z.array(z.unknown()).optional() });
export type LogitsPosition = z.infer<typeof position>;
export type LogitsPrompt = z.infer<typeof prompt>;
export type LogitsData = z.infer<typeof logitsHead> & { positions: LogitsPosition[]; prompts: LogitsPrompt[] };

export function readServeData(data: unknown): ServeData | null {
  const parsed = serveDataSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

/** The logits record; a malformed position or prompt row is left out alone. */
export function readLogitsData(data: unknown): LogitsData | null {
  const parsed = logitsDataSchema.safeParse(data);
  if (!parsed.success) return null;
  const keep = <T>(rows: unknown[] | undefined, schema: z.ZodType<T>): T[] => (rows ?? []).flatMap((r) => {
    const row = schema.safeParse(r);
    return row.success ? [row.data] : [];
  });
  return { ...parsed.data, positions: keep(parsed.data.positions, position), prompts: keep(parsed.data.prompts, prompt) };
}
