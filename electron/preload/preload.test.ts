import { beforeEach, describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 1 }));
const listeners = new Map<string, (...a: unknown[]) => void>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, value: unknown) => void (exposed[name] = value) },
  ipcRenderer: {
    invoke,
    on: (channel: string, fn: (...a: unknown[]) => void) => void listeners.set(channel, fn),
    removeListener: (channel: string) => void listeners.delete(channel),
  },
  webUtils: { getPathForFile: () => '/dropped/path' },
}));

describe('preload surface', () => {
  beforeEach(async () => {
    await import('./index');
  });

  it('exposes exactly one global with call, on and pathForFile', () => {
    expect(Object.keys(exposed)).toEqual(['bringup']);
    expect(Object.keys(exposed.bringup as object).sort()).toEqual(['call', 'on', 'pathForFile']);
  });

  it('sends calls on the service channel and refuses unknown services', async () => {
    const bridge = exposed.bringup as { call(s: string, m: string, a: unknown[]): Promise<unknown> };
    await bridge.call('checkpoint', 'open', ['/x']);
    expect(invoke).toHaveBeenCalledWith('bringup:checkpoint', 'open', ['/x']);
    invoke.mockClear();
    expect(await bridge.call('fs', 'readFile', ['/etc/passwd'])).toMatchObject({ ok: false });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('hands listeners the payload only, never the Electron event', () => {
    const bridge = exposed.bringup as { on(e: string, cb: (p: unknown) => void): () => void };
    const received: unknown[] = [];
    const off = bridge.on('onNotice', (p) => received.push(p));
    listeners.get('bringup:event')!({ sender: 'ipc-event-object' }, { event: 'onNotice', payload: { message: 'hi' } });
    listeners.get('bringup:event')!({ sender: 'x' }, { event: 'other', payload: 1 });
    expect(received).toEqual([{ message: 'hi' }]);
    off();
    expect(listeners.has('bringup:event')).toBe(false);
  });
});
