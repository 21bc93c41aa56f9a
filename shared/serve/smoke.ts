/**
 * The smoke request: one short, deterministic generation against MAX's OpenAI routes
 * (max/python/max/serve/router/openai_routes.py), streamed as server-sent events (sse_starlette,
 * `data: <json>` per event, `data: [DONE]` last), read token by token.
 */

export type SmokeApi = 'chat' | 'completions';

/** Preset prompts: chat models get a question, base models a text to continue. */
export const SMOKE_PROMPTS: Record<SmokeApi, string[]> = {
  chat: ['What is the capital of France? Answer in one word.', 'Count from 1 to 5.', 'Write one short sentence about the sea.'],
  completions: ['The capital of France is', '1, 2, 3, 4,', 'Once upon a time'],
};

export const SMOKE_MAX_TOKENS = 8;

/** The request body, as OpenAI's API takes it (`model` = the served name from /v1/models). */
export function smokeRequestBody(api: SmokeApi, model: string, prompt: string, maxTokens = SMOKE_MAX_TOKENS): Record<string, unknown> {
  const common = { model, stream: true, temperature: 0, max_tokens: maxTokens, stream_options: { include_usage: true } };
  return api === 'chat' ? { ...common, messages: [{ role: 'user', content: prompt }] } : { ...common, prompt };
}

/** Splits an SSE byte stream (decoded to text) into the `data` of each event; comments and other fields are skipped. */
export class SseReader {
  private buffer = '';
  private data: string[] = [];

  push(text: string): string[] {
    this.buffer += text;
    const events: string[] = [];
    for (;;) {
      const m = /\r\n|\n|\r/.exec(this.buffer);
      if (!m) break;
      // A CR at the end of the buffer may be half of a CRLF: wait for the next chunk.
      if (m[0] === '\r' && m.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      if (line === '') {
        if (this.data.length) events.push(this.data.join('\n'));
        this.data = [];
      } else if (line.startsWith('data:')) {
        this.data.push(line.slice(5).replace(/^ /, ''));
      }
    }
    return events;
  }

  /** The stream ended: a last event without its blank line still counts. */
  end(): string[] {
    const rest = this.push('\n\n');
    this.buffer = '';
    return rest;
  }
}

export type SmokeChunk =
  | { kind: 'text'; text: string }
  | { kind: 'usage'; completionTokens: number }
  | { kind: 'done' }
  | { kind: 'error'; message: string }
  | { kind: 'other' };

/** What one event's data holds: a piece of text, the usage, the end, or MAX's error envelope. */
export function readSmokeEvent(api: SmokeApi, data: string): SmokeChunk[] {
  if (data.trim() === '[DONE]') return [{ kind: 'done' }];
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return [{ kind: 'error', message: `the server sent an event that is not JSON: ${data.slice(0, 200)}` }];
  }
  if (!value || typeof value !== 'object') return [{ kind: 'other' }];
  const event = value as { error?: { message?: unknown }; choices?: unknown; usage?: { completion_tokens?: unknown } | null };
  if (event.error) return [{ kind: 'error', message: String(event.error.message ?? JSON.stringify(event.error)) }];
  const out: SmokeChunk[] = [];
  const choice = Array.isArray(event.choices) ? (event.choices[0] as Record<string, unknown> | undefined) : undefined;
  if (choice) {
    const text = api === 'chat' ? (choice.delta as { content?: unknown } | undefined)?.content : choice.text;
    if (typeof text === 'string' && text !== '') out.push({ kind: 'text', text });
  }
  if (event.usage && typeof event.usage.completion_tokens === 'number') out.push({ kind: 'usage', completionTokens: event.usage.completion_tokens });
  return out.length ? out : [{ kind: 'other' }];
}

/** Decode rate: tokens after the first over the time after the first; null with fewer than two tokens. */
export function tokensPerSecond(tokens: number, firstAtMs: number | null, lastAtMs: number | null): number | null {
  if (tokens < 2 || firstAtMs === null || lastAtMs === null || lastAtMs <= firstAtMs) return null;
  return Math.round(((tokens - 1) / ((lastAtMs - firstAtMs) / 1000)) * 10) / 10;
}

/** Chat when the tokenizer has a chat template (tokenizer_config.json `chat_template`, or a chat_template file), else completions. */
export function smokeApiFor(tokenizerConfig: unknown, files: readonly string[]): SmokeApi {
  if (files.some((f) => /^chat_template\.(jinja|json)$/.test(f))) return 'chat';
  const template = tokenizerConfig && typeof tokenizerConfig === 'object' ? (tokenizerConfig as { chat_template?: unknown }).chat_template : undefined;
  return typeof template === 'string' || (Array.isArray(template) && template.length > 0) ? 'chat' : 'completions';
}
