import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

export interface TabItem {
  id: string;
  label: ReactNode;
  /** Plain text for the overflow menu and the tooltip. */
  text: string;
  title?: string;
  testId?: string;
  /** Extra classes for the tab (e.g. a file that differs from a fresh generation). */
  className?: string;
}

interface TabStripProps {
  tabs: TabItem[];
  active: string | null;
  onSelect(id: string): void;
  ariaLabel: string;
  className?: string;
  /** Controls after the tabs (never over them): they take their room first, the tabs scroll in the rest. */
  trailing?: ReactNode;
}

/**
 * A row of tabs that never hides one: tabs that do not fit scroll (wheel or arrow keys), the
 * active one is always scrolled into view, and a "N more" menu lists the ones out of view.
 * Arrow keys, Home and End move between tabs (one tab stop for the whole row).
 */
export function TabStrip({ tabs, active, onSelect, ariaLabel, className = '', trailing }: TabStripProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [hidden, setHidden] = useState<string[]>([]);
  const [menuAt, setMenuAt] = useState<DOMRect | null>(null);
  const moreButton = useRef<HTMLButtonElement>(null);

  const measure = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const box = el.getBoundingClientRect();
    const out: string[] = [];
    el.querySelectorAll<HTMLElement>('[role="tab"]').forEach((tab) => {
      const r = tab.getBoundingClientRect();
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5) out.push(tab.dataset.tab!);
    });
    setHidden((prev) => (prev.join('\n') === out.join('\n') ? prev : out));
    // Fade the edge where more tabs are scrolled away, so a cut tab reads as "more this way".
    el.dataset.more = `${el.scrollLeft > 0 ? 'left' : ''} ${el.scrollLeft + el.clientWidth < el.scrollWidth - 1 ? 'right' : ''}`.trim();
  }, []);

  useLayoutEffect(() => {
    const el = scroller.current!;
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    el.addEventListener('scroll', measure, { passive: true });
    return () => {
      observer.disconnect();
      el.removeEventListener('scroll', measure);
    };
  }, [measure]);

  // The active tab is always in view, whatever the width.
  useLayoutEffect(() => {
    const el = scroller.current!;
    const tab = el.querySelector<HTMLElement>(`[data-tab="${CSS.escape(active ?? '')}"]`);
    if (tab) {
      const left = tab.offsetLeft; // the scroller is the offset parent (position: relative)
      if (left < el.scrollLeft) el.scrollLeft = left;
      else if (left + tab.offsetWidth > el.scrollLeft + el.clientWidth) el.scrollLeft = left + tab.offsetWidth - el.clientWidth;
    }
    measure();
  }, [active, tabs, measure]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === active);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : null;
    if (next === null || !tabs.length) return;
    e.preventDefault();
    const target = tabs[(next + tabs.length) % tabs.length];
    onSelect(target.id);
    requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-tab="${CSS.escape(target.id)}"]`)?.focus());
  };

  return (
    <div className={`tabstrip ${className}`}>
      <div
        className="tabstrip-scroll"
        role="tablist"
        aria-label={ariaLabel}
        ref={scroller}
        onKeyDown={onKeyDown}
        onWheel={(e) => {
          // A vertical wheel scrolls the row sideways (no horizontal wheel on most mice).
          if (Math.abs(e.deltaY) > Math.abs(e.deltaX)) e.currentTarget.scrollLeft += e.deltaY;
        }}
      >
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            data-tab={t.id}
            aria-selected={t.id === active}
            tabIndex={t.id === active || (active === null && t === tabs[0]) ? 0 : -1}
            className={`tab ${t.id === active ? 'active' : ''} ${t.className ?? ''}`}
            title={t.title ?? t.text}
            data-testid={t.testId}
            onClick={() => onSelect(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {hidden.length > 0 && (
        <button
          ref={moreButton}
          className="tab tabstrip-more"
          aria-haspopup="menu"
          aria-expanded={!!menuAt}
          aria-label={`${hidden.length} more tab${hidden.length === 1 ? '' : 's'}`}
          title={`${hidden.length} more: ${tabs.filter((t) => hidden.includes(t.id)).map((t) => t.text).join(', ')}`}
          data-testid="tabs-more"
          onClick={() => setMenuAt(menuAt ? null : moreButton.current!.getBoundingClientRect())}
        >
          +{hidden.length} ▾
        </button>
      )}
      {trailing}
      {menuAt && (
        <OverflowMenu
          at={menuAt}
          items={tabs.filter((t) => hidden.includes(t.id))}
          onChoose={(id) => {
            setMenuAt(null);
            onSelect(id);
          }}
          onClose={() => {
            setMenuAt(null);
            moreButton.current?.focus();
          }}
        />
      )}
    </div>
  );
}

function OverflowMenu({ at, items, onChoose, onClose }: { at: DOMRect; items: TabItem[]; onChoose(id: string): void; onClose(): void }) {
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const away = (e: MouseEvent) => !menu.current?.contains(e.target as Node) && onClose();
    window.addEventListener('mousedown', away, true);
    return () => window.removeEventListener('mousedown', away, true);
  }, [onClose]);
  const move = (e: React.KeyboardEvent) => {
    const all = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = all.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') onClose();
    else if (e.key === 'ArrowDown') all[(i + 1) % all.length]?.focus();
    else if (e.key === 'ArrowUp') all[(i - 1 + all.length) % all.length]?.focus();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  // In a portal: the tab row clips its overflow, a menu inside it would be cut off.
  return createPortal(
    <div className="menu" role="menu" ref={menu} style={{ top: at.bottom + 2, left: Math.max(4, Math.min(at.left, window.innerWidth - 240)) }} onKeyDown={move} data-testid="tabs-menu">
      {items.map((t) => (
        <button key={t.id} role="menuitem" className="menu-item" onClick={() => onChoose(t.id)} title={t.title ?? t.text}>
          {t.text}
        </button>
      ))}
    </div>,
    document.body,
  );
}
