import { describe, expect, it } from 'vitest';
import { readSmokeEvent, smokeApiFor, smokeRequestBody, SseReader, tokensPerSecond } from './smoke';

describe('the smoke request', () => {
  it("reads sse_starlette's events split anywhere, with LF or CRLF separators and ping comments", () => {
    const stream = ': ping\r\n\r\ndata: {"choices":[{"index":0,"delta":{"content":"Pa"}}]}\n\ndata: {"choices":[{"index":0,"delta":{"content":"ris"}}]}\r\n\r\ndata: [DONE]\n\n';
    for (let cut = 0; cut <= stream.length; cut++) {
      const reader = new SseReader();
      const events = [...reader.push(stream.slice(0, cut)), ...reader.push(stream.slice(cut)), ...reader.end()];
      expect(events).toEqual(['{"choices":[{"index":0,"delta":{"content":"Pa"}}]}', '{"choices":[{"index":0,"delta":{"content":"ris"}}]}', '[DONE]']);
    }
  });

  it('takes text from chat deltas and completion choices, the usage, and MAX\'s error envelope', () => {
    expect(readSmokeEvent('chat', '{"choices":[{"delta":{"content":"Hi"}}]}')).toEqual([{ kind: 'text', text: 'Hi' }]);
    expect(readSmokeEvent('completions', '{"choices":[{"text":" Paris"}]}')).toEqual([{ kind: 'text', text: ' Paris' }]);
    expect(readSmokeEvent('chat', '{"choices":[],"usage":{"completion_tokens":8}}')).toEqual([{ kind: 'usage', completionTokens: 8 }]);
    expect(readSmokeEvent('chat', '{"error":{"code":"500","message":"boom","param":"","type":""}}')).toEqual([{ kind: 'error', message: 'boom' }]);
    expect(readSmokeEvent('chat', '[DONE]')).toEqual([{ kind: 'done' }]);
  });

  it('asks deterministically for a few tokens, chat only with a chat template', () => {
    expect(smokeRequestBody('chat', 'm', 'hi')).toMatchObject({ model: 'm', stream: true, temperature: 0, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
    expect(smokeRequestBody('completions', 'm', 'The')).toMatchObject({ prompt: 'The' });
    expect(smokeApiFor({ chat_template: '{% for m in messages %}' }, [])).toBe('chat');
    expect(smokeApiFor({ bos_token: '<s>' }, [])).toBe('completions');
    expect(smokeApiFor(null, ['chat_template.jinja'])).toBe('chat');
  });

  it('rates the decode after the first token', () => {
    expect(tokensPerSecond(11, 1000, 2000)).toBe(10);
    expect(tokensPerSecond(1, 1000, 1000)).toBeNull();
  });
});
