import { describe, expect, it } from 'vitest';
import { contract } from '../../../shared/api/contract';
import { ipcChannel } from '../../../shared/api/channels';
import { registerIpc } from './registerIpc';
import type { Services } from '../../services';
import { EventBus } from '../../services/events';

type Handler = (event: unknown, method: unknown, args: unknown) => Promise<unknown>;

function setup() {
  const handlers = new Map<string, Handler>();
  const calls: unknown[][] = [];
  const services = {
    api: {
      app: { info: async () => ({ version: '1' }), listExamples: async () => [], pickFolder: async () => null },
      checkpoint: {
        open: async (...args: unknown[]) => (calls.push(args), { opened: args[0] }),
        openExample: async () => ({}),
      },
    },
    events: new EventBus(),
    dispose() {},
  } as unknown as Services;
  registerIpc({ handle: (channel: string, fn: Handler) => void handlers.set(channel, fn) } as never, services);
  const trusted = { senderFrame: { url: 'app://bundle/index.html', parent: null } };
  return { handlers, calls, trusted };
}

describe('IPC adapter', () => {
  it('registers one channel per contract service', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(Object.keys(contract).map(ipcChannel).sort());
  });
  it('answers a valid call from the app frame', async () => {
    const { handlers, trusted, calls } = setup();
    const result = await handlers.get('bringup:checkpoint')!(trusted, 'open', ['/models/x']);
    expect(result).toEqual({ ok: true, value: { opened: '/models/x' } });
    expect(calls).toEqual([['/models/x']]);
  });
  it('refuses a call from a foreign frame without calling the service', async () => {
    const { handlers, calls } = setup();
    const result = await handlers.get('bringup:checkpoint')!({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'open', ['/x']);
    expect(result).toMatchObject({ ok: false, error: { code: 'auth' } });
    expect(calls).toEqual([]);
  });
  it('refuses unknown methods, Object.prototype names included', async () => {
    const { handlers, trusted } = setup();
    for (const method of ['remove', 'constructor', '__proto__', 'toString']) {
      const result = await handlers.get('bringup:checkpoint')!(trusted, method, []);
      expect(result, method).toMatchObject({ ok: false, error: { code: 'usage', message: expect.stringContaining('unknown method') } });
    }
  });
  it('refuses arguments that do not match the schema', async () => {
    const { handlers, trusted, calls } = setup();
    for (const args of [[], [42], ['/x', { offline: 'yes' }], ['/x', { shell: true }], 'not-an-array', ['']]) {
      const result = await handlers.get('bringup:checkpoint')!(trusted, 'open', args);
      expect(result, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: 'usage', message: expect.stringContaining('invalid argument') } });
    }
    expect(calls).toEqual([]);
  });
});
