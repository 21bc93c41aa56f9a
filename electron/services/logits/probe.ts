/**
 * The HTTP logprobs probe against a running `max serve` (shared/logits/probe.ts): the reference's
 * first-step top-5 log-probabilities from a golden file, MAX's from `/v1/completions`.
 */
import { badInput } from '../../../shared/errors';
import { LOGPROBS_PROBE_SERVE_FLAGS } from '../../../shared/logits/hooks';
import { completionBody, isLogprobsRefusal, judge, readCompletion, referenceTop, summarise, type ProbeFailure, type ProbePosition, type ProbeResult, type ProbeTop } from '../../../shared/logits/probe';
import { openLogits } from '../../../shared/logits/read';
import type { TokenDecoder } from '../../../shared/logits/tokenizer';
import { inflateRawNode, openFileSource } from './fileSource';
import { loadTokenizer } from './tokens';

export interface ProbeRequest {
  /** The server, e.g. http://127.0.0.1:8000 */
  url: string;
  /** The served model id (default: the first one /v1/models lists). */
  model?: string;
  /** A reference golden file: its prompts, and the logits of each prompt's first step. */
  reference: string;
  /** A checkpoint folder or tokenizer.json, to show the reference's tokens as text. */
  tokenizer?: string;
  timeoutMs?: number;
}

interface FirstStep {
  prompt: number;
  text: string;
  logits: Float64Array;
}

async function firstSteps(path: string): Promise<FirstStep[]> {
  const source = await openFileSource(path);
  try {
    const reader = await openLogits(source, { inflateRaw: inflateRawNode });
    const rows: { prompt: number; logits: Float64Array }[] = [];
    for (let row = await reader.next(); row; row = await reader.next()) if (row.step === 0) rows.push({ prompt: row.prompt, logits: row.values.slice() });
    await reader.close();
    if (reader.info.format !== 'golden-json') throw badInput(`${path}: the probe needs a golden reference file (it names the prompts); this is ${reader.info.format}`);
    return rows.map((r) => ({ ...r, text: reader.promptTexts[r.prompt] ?? '' }));
  } finally {
    await source.close();
  }
}

export async function probeServer(request: ProbeRequest): Promise<ProbeResult> {
  const url = request.url.replace(/\/+$/, '');
  const steps = await firstSteps(request.reference);
  const decoder: TokenDecoder | null = request.tokenizer ? await loadTokenizer(request.tokenizer) : null;
  const timeout = request.timeoutMs ?? 120_000;
  const result = (positions: ProbePosition[], failure: ProbeFailure | null, model: string | null): ProbeResult => ({
    url,
    model,
    positions,
    failure,
    ok: failure === null && positions.length > 0 && positions.every((p) => p.ok),
    serverFlags: LOGPROBS_PROBE_SERVE_FLAGS,
    detail: failure ? failure.message : summarise(positions),
  });

  let model = request.model ?? null;
  try {
    if (!model) {
      const res = await fetch(`${url}/v1/models`, { signal: AbortSignal.timeout(timeout) });
      const json = (await res.json().catch(() => null)) as { data?: { id?: string }[] } | null;
      model = json?.data?.[0]?.id ?? null;
      if (!res.ok || !model) return result([], { code: 'bad-response', message: `${url}/v1/models: no served model (HTTP ${res.status})`, hint: 'give the model id, or check the server is MAX' }, null);
    }
    const positions: ProbePosition[] = [];
    for (const step of steps) {
      const res = await fetch(`${url}/v1/completions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(completionBody(model, step.text)),
        signal: AbortSignal.timeout(timeout),
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        // reported below
      }
      if (!res.ok) {
        const message = (json as { error?: { message?: string }; detail?: string })?.error?.message ?? (json as { detail?: string })?.detail ?? text.slice(0, 300);
        if (isLogprobsRefusal(message)) {
          return result(positions, { code: 'logprobs-refused', message: `the server refuses logprobs: ${message}`, hint: `start max serve with ${LOGPROBS_PROBE_SERVE_FLAGS.join(' ')} (the Serve preset adds them for the probe)` }, model);
        }
        return result(positions, { code: 'http-error', message: `${url}/v1/completions: HTTP ${res.status}: ${message}`, hint: 'see the server log' }, model);
      }
      const answer = readCompletion(json);
      if (typeof answer === 'string') return result(positions, { code: 'bad-response', message: `${url}/v1/completions: ${answer}`, hint: `serve with ${LOGPROBS_PROBE_SERVE_FLAGS.join(' ')}` }, model);
      const ref: ProbeTop[] = referenceTop(step.logits).map((t) => ({ ...t, text: decoder ? decoder.decode([t.id]) : null }));
      positions.push({ prompt: step.prompt, step: 0, sent: step.text, ref, max: answer, ...judge(ref, answer) });
    }
    return result(positions, null, model);
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    return result([], { code: 'no-server', message: `${url}: no answer (${cause === 'TimeoutError' ? `no reply in ${timeout / 1000} s` : cause})`, hint: 'start the server (Serve step) and give its URL' }, model);
  }
}
