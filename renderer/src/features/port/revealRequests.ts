/** A config field by its dotted path, or a place in config.json (a parse error). */
export type RevealTarget = string | { line: number; column: number };
type Listener = (target: RevealTarget) => void;
const listeners = new Set<Listener>();

/** A small channel for "show this in config.json" from panels that do not own the editors. */
export const revealRequests = {
  request(target: RevealTarget): void {
    listeners.forEach((l) => l(target));
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};
