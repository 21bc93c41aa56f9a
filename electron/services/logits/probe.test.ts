import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeServer } from './probe';

// A small fake of MAX's OpenAI completions endpoint (max/python/max/serve/router/openai_routes.py):
// it answers from the fixture candidate's logits, or refuses logprobs as the overlap scheduler does.
const DIR = join(__dirname, '../../../fixtures/logits');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as { V: number; steps: number; prompts: string[]; arrays: Record<string, number[]> };
const REFUSAL = 'Log probabilities are not supported with the overlap scheduler. Start the server with --no-enable-overlap-scheduler to use logprobs, or --allow-unsupported-logprobs to silently ignore the field.';

function logSoftmax(row: number[]): number[] {
  const max = Math.max(...row);
  const lse = max + Math.log(row.reduce((s, x) => s + Math.exp(x - max), 0));
  return row.map((x) => x - lse);
}

let server: Server | null = null;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function fakeMax(mode: 'answer' | 'refuse' | 'skewed', seen: Record<string, unknown>[] = []): Promise<string> {
  server = createServer(async (req: IncomingMessage, res) => {
    if (req.method === 'GET' && req.url === '/v1/models') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'tiny-port', object: 'model' }] }));
      return;
    }
    let body = '';
    for await (const chunk of req) body += chunk;
    const request = JSON.parse(body) as { prompt: string };
    seen.push(request);
    if (mode === 'refuse') {
      res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code: '400', message: REFUSAL, param: '', type: 'BadRequestError' } }));
      return;
    }
    const prompt = expected.prompts.indexOf(request.prompt);
    const row = expected.arrays.cand.slice(prompt * expected.steps * expected.V, (prompt * expected.steps + 1) * expected.V);
    const lp = logSoftmax(row).map((x) => (mode === 'skewed' ? x * 1.3 : x));
    const order = lp.map((_, i) => i).sort((a, b) => lp[b] - lp[a]);
    const top = Object.fromEntries(order.slice(0, 5).map((i) => [`t${i}`, lp[i]]));
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({
      id: 'cmpl-1', object: 'text_completion', model: 'tiny-port',
      choices: [{ index: 0, text: `t${order[0]}`, finish_reason: 'length', logprobs: { token_logprobs: [lp[order[0]]], top_logprobs: [top] } }],
    }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe('the HTTP logprobs probe', () => {
  it('sends each prompt as compare_layers does and finds MAX within 5% of the reference top-1 log-probability', async () => {
    const seen: Record<string, unknown>[] = [];
    const url = await fakeMax('answer', seen);
    const result = await probeServer({ url, reference: join(DIR, 'ref.golden.json') });
    expect(result.model).toBe('tiny-port');
    expect(seen).toEqual(expected.prompts.map((prompt) => ({ model: 'tiny-port', prompt, max_tokens: 1, temperature: 0, logprobs: 5, echo: false })));
    expect(result.positions).toHaveLength(expected.prompts.length);
    for (const p of result.positions) {
      const ref = logSoftmax(expected.arrays.ref.slice(p.prompt * expected.steps * expected.V, (p.prompt * expected.steps + 1) * expected.V));
      expect(p.ref[0].logprob).toBeCloseTo(Math.max(...ref), 12);
      expect(p.relDiff).toBeCloseTo(Math.abs(p.max.logprob - p.ref[0].logprob) / Math.abs(p.ref[0].logprob), 12);
    }
    expect(result.ok).toBe(result.positions.every((p) => p.relDiff < 0.05 || p.absDiff < 1e-3));
    expect(result.failure).toBeNull();
    expect(result.detail).toMatch(/^\d of 4 positions within 5% of the reference top-1 log-probability/);
    expect(result.serverFlags).toEqual(['--no-enable-overlap-scheduler', '--force']);
  });

  it('a skewed server is reported as diverged', async () => {
    const url = await fakeMax('skewed');
    const result = await probeServer({ url, model: 'tiny-port', reference: join(DIR, 'ref.golden.json') });
    expect(result.ok).toBe(false);
    expect(result.positions.some((p) => !p.ok)).toBe(true);
  });

  it("the overlap scheduler's refusal says which flags the server needs", async () => {
    const url = await fakeMax('refuse');
    const result = await probeServer({ url, model: 'tiny-port', reference: join(DIR, 'ref.golden.json') });
    expect(result.failure).toMatchObject({ code: 'logprobs-refused', hint: 'start max serve with --no-enable-overlap-scheduler --force (the Serve preset adds them for the probe)' });
    expect(result.failure!.message).toContain('Log probabilities are not supported with the overlap scheduler');
  });

  it('no server, and a reference that is not a golden file', async () => {
    const url = await fakeMax('answer');
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
    const result = await probeServer({ url, model: 'x', reference: join(DIR, 'ref.golden.json') });
    expect(result.failure?.code).toBe('no-server');
    await expect(probeServer({ url, reference: join(DIR, 'ref.npy') })).rejects.toThrow(/the probe needs a golden reference file/);
  });
});
