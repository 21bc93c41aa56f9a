/**
 * Talking to a running `max serve`: its health route (readiness), its model list (the served name) and
 * the streamed smoke request, with plain node:http (no keep-alive: a poll must not ride a socket opened
 * before the server was up).
 */
import { request } from 'node:http';
import { readSmokeEvent, smokeRequestBody, SseReader, tokensPerSecond, type SmokeApi } from '../../../shared/serve/smoke';
import type { SmokeResult } from '../../../shared/serve/types';

export interface Endpoint {
  host: string;
  port: number;
}

/** GET a path; resolves with the status and body, or null when nothing answers (refused, reset, timeout). */
export function get(endpoint: Endpoint, path: string, timeoutMs = 2000): Promise<{ status: number; body: string } | null> {
  return new Promise((resolve) => {
    const req = request({ host: endpoint.host, port: endpoint.port, path, method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c.length + body.length < 1024 * 1024 ? c : ''));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

/**
 * Polls GET /v1/health until it answers 200 (resolves with the time it did), or `cancelled()` says to
 * give up (resolves null). The interval is short: the socket binds right after the banner.
 */
export async function waitHealthy(endpoint: Endpoint, path: string, cancelled: () => boolean, intervalMs = 10): Promise<{ at: number; status: number } | null> {
  while (!cancelled()) {
    const answer = await get(endpoint, path, 1000);
    if (answer?.status === 200) return { at: Date.now(), status: 200 };
    if (cancelled()) return null;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return null;
}

/** The served model's id from GET /v1/models (`data[0].id`: --served-model-name, else --model-path as given). */
export async function servedModel(endpoint: Endpoint, path: string): Promise<string | null> {
  const answer = await get(endpoint, path, 5000);
  if (!answer || answer.status !== 200) return null;
  try {
    const list = JSON.parse(answer.body) as { data?: { id?: unknown }[] };
    const id = list.data?.[0]?.id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

export interface SmokeRequest {
  api: SmokeApi;
  path: string;
  model: string;
  prompt: string;
  maxTokens?: number;
  timeoutMs?: number;
  onText?: (text: string, atMs: number) => void;
}

/** Sends the streamed request; reads it token by token. Never throws: a failure is `ok: false` with MAX's message. */
export function smoke(endpoint: Endpoint, req: SmokeRequest): Promise<SmokeResult> {
  const body = JSON.stringify(smokeRequestBody(req.api, req.model, req.prompt, req.maxTokens));
  const started = Date.now();
  const base = { api: req.api, prompt: req.prompt };
  return new Promise((resolve) => {
    let text = '';
    let pieces = 0;
    let usageTokens: number | null = null;
    let first: number | null = null;
    let last: number | null = null;
    let error: string | null = null;
    let status: number | null = null;
    let settled = false;
    const finish = (overrideError?: string) => {
      if (settled) return;
      settled = true;
      const failure = overrideError ?? error ?? (status !== 200 ? `HTTP ${status}` : pieces === 0 ? 'the server answered with no text' : null);
      const tokens = usageTokens ?? pieces;
      resolve({ ...base, ok: !failure, text, ttftMs: first === null ? null : first - started, tokensPerSecond: tokensPerSecond(tokens, first, last), completionTokens: tokens, error: failure, status });
    };
    const http = request(
      { host: endpoint.host, port: endpoint.port, path: req.path, method: 'POST', agent: false, timeout: req.timeoutMs ?? 120_000, headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        if (status !== 200) {
          let raw = '';
          res.on('data', (c: string) => (raw += c));
          res.on('end', () => {
            let message = raw.trim().slice(0, 500);
            try {
              const parsed = JSON.parse(raw) as { error?: { message?: string }; detail?: unknown };
              message = parsed.error?.message ?? (typeof parsed.detail === 'string' ? parsed.detail : message);
            } catch {
              // not JSON: keep the text
            }
            finish(`HTTP ${status}: ${message || 'no body'}`);
          });
          return;
        }
        const sse = new SseReader();
        const onEvents = (events: string[]) => {
          for (const data of events) {
            for (const chunk of readSmokeEvent(req.api, data)) {
              if (chunk.kind === 'text') {
                const now = Date.now();
                first ??= now;
                last = now;
                pieces++;
                text += chunk.text;
                req.onText?.(chunk.text, now - started);
              } else if (chunk.kind === 'usage') usageTokens = chunk.completionTokens;
              else if (chunk.kind === 'error') error = chunk.message;
            }
          }
        };
        res.on('data', (c: string) => onEvents(sse.push(c)));
        res.on('end', () => {
          onEvents(sse.end());
          finish();
        });
        res.on('error', (err) => finish(`the stream broke: ${err.message}`));
      },
    );
    http.on('timeout', () => {
      http.destroy();
      finish(`no complete answer within ${(req.timeoutMs ?? 120_000) / 1000} s`);
    });
    http.on('error', (err) => finish(`the request failed: ${err.message}`));
    http.end(body);
  });
}
