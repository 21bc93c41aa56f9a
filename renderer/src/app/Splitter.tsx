import { Children, useCallback, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

interface SplitterProps {
  direction: 'horizontal' | 'vertical';
  /** Fraction of the space given to the first child. */
  initial: number;
  storageKey: string;
  /** Names the divider for assistive technology: "Resize the sidebar". */
  label: string;
  /** Smallest sizes in pixels of the first and the second pane: neither is squeezed below it. */
  minPx?: [number, number];
  children: [ReactNode, ReactNode];
}

const HANDLE = 1;

/**
 * Two panes and a divider, moved by dragging (its grab area is wider than the line it draws), by
 * the arrow keys, or reset by a double click. The split is remembered per key and kept within the
 * panes' minimum sizes as the window changes size.
 */
export function Splitter({ direction, initial, storageKey, label, minPx = [120, 120], children }: SplitterProps) {
  const [first, second] = Children.toArray(children);
  const container = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState(0);
  const [fraction, setFraction] = useState(() => {
    const saved = Number(localStorage.getItem(`split.${storageKey}`));
    return saved > 0 && saved < 1 ? saved : initial;
  });

  useLayoutEffect(() => {
    const el = container.current!;
    const measure = () => setSize(direction === 'horizontal' ? el.clientWidth : el.clientHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [direction]);

  const clamp = useCallback(
    (f: number) => {
      if (size <= 0) return Math.min(0.95, Math.max(0.05, f));
      const lo = minPx[0] / size;
      const hi = 1 - (minPx[1] + HANDLE) / size;
      // Too small for both minimums: share what there is in the minimums' proportion.
      if (lo > hi) return minPx[0] / (minPx[0] + minPx[1]);
      return Math.min(hi, Math.max(lo, f));
    },
    [size, minPx],
  );
  const commit = useCallback(
    (f: number) => {
      const next = clamp(f);
      setFraction(next);
      localStorage.setItem(`split.${storageKey}`, String(next));
    },
    [clamp, storageKey],
  );

  const onPointerDown = (e: React.PointerEvent) => {
    if (e.button !== 0) return;
    const box = container.current!.getBoundingClientRect();
    (e.target as HTMLElement).setPointerCapture(e.pointerId);
    document.body.classList.add(`resizing-${direction}`);
    const move = (ev: PointerEvent) =>
      commit(direction === 'horizontal' ? (ev.clientX - box.left) / box.width : (ev.clientY - box.top) / box.height);
    const up = () => {
      document.body.classList.remove(`resizing-${direction}`);
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    const step = e.shiftKey ? 0.1 : 0.02;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') commit(fraction - step);
    else if (e.key === 'ArrowRight' || e.key === 'ArrowDown') commit(fraction + step);
    else if (e.key === 'Home') commit(0);
    else if (e.key === 'End') commit(1);
    else if (e.key === 'Enter') commit(initial);
    else return;
    e.preventDefault();
  };

  const shown = clamp(fraction);
  const basis = size > 0 ? `${Math.round(shown * size)}px` : `${(shown * 100).toFixed(2)}%`;
  return (
    <div ref={container} className={`split split-${direction}`}>
      <div className="split-pane" style={{ flexBasis: basis }}>{first}</div>
      <div
        className="split-handle"
        role="separator"
        aria-label={label}
        aria-orientation={direction === 'horizontal' ? 'vertical' : 'horizontal'}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(shown * 100)}
        title={`${label}: drag, or use the arrow keys; double-click to reset`}
        tabIndex={0}
        data-testid={`splitter-${storageKey}`}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
        onDoubleClick={() => commit(initial)}
      />
      <div className="split-pane split-rest">{second}</div>
    </div>
  );
}
