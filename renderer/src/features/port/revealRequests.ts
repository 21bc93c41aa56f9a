type Listener = (path: string) => void;
const listeners = new Set<Listener>();

/** A small channel for "show this config field" from panels that do not own the editors. */
export const revealRequests = {
  request(path: string): void {
    listeners.forEach((l) => l(path));
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};
