import type { Transport } from '@shared/api/client';
import type { Result } from '@shared/api/result';

/** Browser mode: calls go to POST /rpc/<service>/<method> (session cookie), events come over /events. */
export function createBrowserTransport(): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;

  function connect(): void {
    if (socket) return;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/events`;
    socket = new WebSocket(url);
    socket.onmessage = (message) => {
      try {
        const { event, payload } = JSON.parse(String(message.data)) as { event: string; payload: unknown };
        listeners.get(event)?.forEach((listener) => listener(payload));
      } catch {
        // a malformed frame is dropped; the server only sends JSON
      }
    };
    socket.onclose = () => {
      socket = null;
      if ([...listeners.values()].some((set) => set.size > 0)) setTimeout(connect, 1000);
    };
  }

  return {
    async call(service, method, args) {
      let response: Response;
      try {
        response = await fetch(`/rpc/${service}/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify({ args }),
        });
      } catch {
        return { ok: false, error: { code: 'network', message: 'the Bringup server is not reachable (was `bringup web` stopped?)' } };
      }
      if (!response.ok) {
        const text = (await response.text()).trim();
        return { ok: false, error: { code: response.status === 401 || response.status === 403 ? 'auth' : 'internal', message: text || `HTTP ${response.status}` } };
      }
      return (await response.json()) as Result<unknown>;
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      connect();
      return () => listeners.get(event)?.delete(listener);
    },
  };
}
