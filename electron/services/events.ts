import type { EventName, EventPayload } from '../../shared/api/contract';

type Listener = (event: string, payload: unknown) => void;

/** Fan-out of service events to whatever faces are attached (IPC windows, WebSocket clients). */
export class EventBus {
  private listeners = new Set<Listener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
