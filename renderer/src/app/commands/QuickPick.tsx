import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { filterItems, useQuickPick, type QuickPickRequest } from './quickPick';

/** The command palette and Open…: a filter field over a list, driven by the keyboard; Esc gives focus back. */
export function QuickPick() {
  const request = useQuickPick((s) => s.request);
  if (!request) return null;
  // A new request (palette, then Open…) starts fresh.
  return <QuickPickDialog key={request.title} request={request} />;
}

function QuickPickDialog({ request }: { request: QuickPickRequest }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const returnFocus = useRef<Element | null>(document.activeElement);
  const list = useRef<HTMLUListElement>(null);
  const id = useId();
  const items = useMemo(() => filterItems(request.items, query), [request.items, query]);
  const typed = query.trim();
  const offerText = request.acceptText && typed ? request.acceptText : null;
  const rows = items.length + (offerText ? 1 : 0);

  useEffect(() => setActive(0), [query]);
  useLayoutEffect(() => {
    list.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const close = () => {
    useQuickPick.getState().close();
    if (returnFocus.current instanceof HTMLElement && returnFocus.current.isConnected) returnFocus.current.focus();
  };
  const choose = (index: number) => {
    close();
    if (index < items.length) items[index].run();
    else if (offerText) offerText.run(typed);
  };

  return (
    <div className="modal-backdrop quick-pick-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="quick-pick" role="dialog" aria-modal="true" aria-label={request.title} data-testid="quick-pick">
        <input
          autoFocus
          className="field quick-pick-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-activedescendant={rows ? `${id}-${active}` : undefined}
          aria-label={request.placeholder}
          placeholder={request.placeholder}
          value={query}
          spellCheck={false}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
            else if (e.key === 'ArrowDown') setActive((a) => (rows ? (a + 1) % rows : 0));
            else if (e.key === 'ArrowUp') setActive((a) => (rows ? (a - 1 + rows) % rows : 0));
            else if (e.key === 'PageDown') setActive((a) => Math.min(rows - 1, a + 10));
            else if (e.key === 'PageUp') setActive((a) => Math.max(0, a - 10));
            else if (e.key === 'Enter' && rows) choose(active);
            else if (e.key === 'Tab') { /* focus stays in the dialog */ }
            else return;
            e.preventDefault();
          }}
        />
        <ul className="quick-pick-list" role="listbox" id={`${id}-list`} ref={list} aria-label={request.title}>
          {items.map((item, i) => (
            <li
              key={item.id}
              id={`${id}-${i}`}
              role="option"
              aria-selected={i === active}
              data-index={i}
              data-testid="quick-pick-item"
              data-id={item.id}
              className={`quick-pick-item ${i === active ? 'active' : ''}`}
              onMouseMove={() => setActive(i)}
              onClick={() => choose(i)}
            >
              <span className="qp-label">{item.label}</span>
              {item.detail && <span className="qp-detail" title={item.detail}>{item.detail}</span>}
              {item.hint && <kbd className="qp-hint">{item.hint}</kbd>}
            </li>
          ))}
          {offerText && (
            <li
              id={`${id}-${items.length}`}
              role="option"
              aria-selected={active === items.length}
              data-index={items.length}
              className={`quick-pick-item ${active === items.length ? 'active' : ''}`}
              onMouseMove={() => setActive(items.length)}
              onClick={() => choose(items.length)}
            >
              <span className="qp-label">{offerText.label(typed)}</span>
            </li>
          )}
          {!rows && <li className="quick-pick-empty muted">Nothing matches.</li>}
        </ul>
      </div>
    </div>
  );
}
