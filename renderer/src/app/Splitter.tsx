import { Children, useCallback, useRef, useState, type ReactNode } from 'react';

interface SplitterProps {
  direction: 'horizontal' | 'vertical';
  /** Fraction of the space given to the first child. */
  initial: number;
  storageKey: string;
  min?: number;
  children: [ReactNode, ReactNode];
}

/** Two panes and a draggable (and keyboard-movable) divider; the split is remembered per key. */
export function Splitter({ direction, initial, storageKey, min = 0.15, children }: SplitterProps) {
  const [first, second] = Children.toArray(children);
  const container = useRef<HTMLDivElement>(null);
  const [fraction, setFraction] = useState(() => {
    const saved = Number(localStorage.getItem(`split.${storageKey}`));
    return saved > 0 && saved < 1 ? saved : initial;
  });
  const clamp = useCallback((f: number) => Math.min(1 - min, Math.max(min, f)), [min]);
  const commit = useCallback(
    (f: number) => {
      const next = clamp(f);
      setFraction(next);
      localStorage.setItem(`split.${storageKey}`, String(next));
    },
    [clamp, storageKey],
  );

  const onPointerDown = (e: React.PointerEvent) => {
    const box = container.current!.getBoundingClientRect();
    (e.target as HTMLElement).setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) =>
      commit(direction === 'horizontal' ? (ev.clientX - box.left) / box.width : (ev.clientY - box.top) / box.height);
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    const step = e.shiftKey ? 0.1 : 0.02;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') commit(fraction - step);
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') commit(fraction + step);
  };

  const basis = `${(fraction * 100).toFixed(2)}%`;
  return (
    <div ref={container} className={`split split-${direction}`}>
      <div className="split-pane" style={{ flexBasis: basis }}>{first}</div>
      <div
        className="split-handle"
        role="separator"
        aria-orientation={direction === 'horizontal' ? 'vertical' : 'horizontal'}
        aria-valuenow={Math.round(fraction * 100)}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
      />
      <div className="split-pane split-rest">{second}</div>
    </div>
  );
}
