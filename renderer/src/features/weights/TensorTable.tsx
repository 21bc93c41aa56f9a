import { memo, useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { WeightFile, WeightsReport } from '@shared/weights/types';
import { flattenGroups, groupKey, groupRows, type Grouping, type ListItem } from './grouping';
import { filterRows, parseNameFilter } from './tensorFilter';
import { tensorIndexOf, type TensorIndex } from './tensorIndex';
import { useWeightsStore } from './weightsStore';
import { formatInt, formatShape } from './format';

const ROW_HEIGHT = 22;

/**
 * Every tensor of the checkpoint, virtualized (DeepSeek-V3 has about 91,000): only the rows in view
 * are in the DOM. Filtering runs over names lowercased once per report, inside a memo; the filter
 * text is deferred so typing never waits for the list.
 */
export function TensorTable({ report }: { report: WeightsReport }) {
  const index = useMemo(() => tensorIndexOf(report.tensors), [report.tensors]);
  const filterText = useWeightsStore((s) => s.filterText);
  const dtype = useWeightsStore((s) => s.dtype);
  const shard = useWeightsStore((s) => s.shard);
  const grouping = useWeightsStore((s) => s.grouping);
  const openGroups = useWeightsStore((s) => s.openGroups);
  const reveal = useWeightsStore((s) => s.reveal);
  const store = useWeightsStore.getState();

  const deferredText = useDeferredValue(filterText);
  const nameFilter = useMemo(() => parseNameFilter(deferredText), [deferredText]);
  // A dtype or shard from another checkpoint's report must not empty this one.
  const activeDtype = index.dtypeList.includes(dtype) ? dtype : '';
  const activeShard = shard < report.files.length ? shard : -1;
  const rows = useMemo(() => filterRows(index, { name: nameFilter, dtype: activeDtype, shard: activeShard }), [index, nameFilter, activeDtype, activeShard]);
  const shownParams = useMemo(() => {
    let sum = 0;
    for (let k = 0; k < rows.length; k++) sum += index.params[rows[k]];
    return sum;
  }, [rows, index]);
  const groups = useMemo(() => (grouping === 'none' ? null : groupRows(index, rows, grouping)), [index, rows, grouping]);
  const items = useMemo(() => (groups ? flattenGroups(groups, new Set(openGroups)) : null), [groups, openGroups]);
  const count = items ? items.length : rows.length;

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 16 });
  const [highlight, setHighlight] = useState<number | null>(null);
  const pending = useRef<{ row: number; nonce: number; tries: number } | null>(null);

  // A new filter or grouping starts at the top (a reveal scrolls after this, in the effects below).
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [rows, grouping]);

  // A finding asked for a tensor: make it visible (clear filters, open its group), then scroll to it.
  useEffect(() => {
    if (!reveal) return;
    const row = index.rowOf.get(reveal.tensor);
    if (row === undefined) {
      // A pattern (`model.layers.1.*`) or a tensor the checkpoint lacks: filter by it instead.
      pending.current = null;
      setHighlight(null);
      useWeightsStore.getState().setFilterText(reveal.tensor);
      return;
    }
    pending.current = { row, nonce: reveal.nonce, tries: 0 };
  }, [reveal, index]);

  useEffect(() => {
    const want = pending.current;
    if (!want) return;
    const at = positionOf(want.row, rows, items, index);
    if (at >= 0) {
      pending.current = null;
      setHighlight(want.row);
      virtualizer.scrollToIndex(at, { align: 'center' });
      return;
    }
    if (want.tries++ > 2) return void (pending.current = null);
    const s = useWeightsStore.getState();
    if (!passesFilters(want.row, rows, index)) s.clearFilters();
    else if (grouping !== 'none') {
      const key = groupKey(index.names[want.row], grouping);
      if (!s.openGroups.includes(key)) s.toggleGroup(key);
    }
  }, [reveal, rows, items, index, grouping, virtualizer]);

  return (
    <div className="tensor-table" data-testid="tensor-table">
      <Toolbar
        filterText={filterText}
        dtypes={index.dtypeList}
        dtype={activeDtype}
        files={report.files}
        shard={activeShard}
        grouping={grouping}
        count={
          nameFilter.kind === 'invalid' ? (
            <span className="tt-invalid">{nameFilter.message}</span>
          ) : (
            `${rows.length === index.names.length ? `${formatInt(rows.length)} tensors` : `${formatInt(rows.length)} of ${formatInt(index.names.length)} tensors`}${groups ? ` in ${formatInt(groups.length)} groups` : ''} · ${formatInt(shownParams)} params`
          )
        }
      />
      <div className="tt-row tt-head" role="row">
        <span role="columnheader">Name</span>
        <span role="columnheader">Dtype</span>
        <span role="columnheader">Shape</span>
        <span role="columnheader" className="num">Params</span>
        <span role="columnheader">Shard</span>
      </div>
      <div className="tt-scroll" ref={scroller} role="table" aria-label="Tensors" aria-rowcount={count}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const style = { transform: `translateY(${v.start}px)`, height: ROW_HEIGHT };
            const item: ListItem = items ? items[v.index] : { kind: 'row', row: rows[v.index], inGroup: false };
            if (item.kind === 'group') {
              const g = item.group;
              return (
                <div
                  key={`g:${g.key}`}
                  className="tt-row tt-group"
                  role="row"
                  style={style}
                  aria-expanded={item.open}
                  data-group={g.key}
                  onClick={() => store.toggleGroup(g.key)}
                >
                  <span className="mono tt-name" title={g.key}>
                    <span className="tt-caret">{item.open ? '▾' : '▸'}</span>
                    {g.key} <span className="muted">({formatInt(g.rows.length)})</span>
                  </span>
                  <span className="mono">{g.dtypes.join(', ')}</span>
                  <span className="mono muted">{commonShape(g.rows, index)}</span>
                  <span className="mono num">{formatInt(g.params)}</span>
                  <span className="muted tt-shard">{g.files.length === 1 ? report.files[g.files[0]]?.name : `${g.files.length} files`}</span>
                </div>
              );
            }
            const i = item.row;
            return (
              <div
                key={`r:${i}`}
                className={`tt-row ${item.inGroup ? 'tt-in-group' : ''} ${highlight === i ? 'tt-revealed' : ''}`}
                role="row"
                style={style}
                data-tensor={index.names[i]}
                aria-selected={highlight === i}
                onClick={() => setHighlight(i)}
              >
                <span className="mono tt-name" title={index.names[i]}>{index.names[i]}</span>
                <span className="mono">{index.dtypes[i]}</span>
                <span className="mono">{formatShape(index.shapes[i])}</span>
                <span className="mono num">{formatInt(index.params[i])}</span>
                <span className="muted tt-shard" title={report.files[index.files[i]]?.name}>{report.files[index.files[i]]?.name}</span>
              </div>
            );
          })}
        </div>
        {count === 0 && nameFilter.kind !== 'invalid' && <div className="empty-state">No tensor matches the filter.</div>}
      </div>
    </div>
  );
}

interface ToolbarProps {
  filterText: string;
  dtypes: string[];
  dtype: string;
  files: WeightFile[];
  shard: number;
  grouping: Grouping;
  count: ReactNode;
}

/** Filter box and dropdowns; memoized so scrolling (which re-renders the table) leaves 163 shard options alone. */
const Toolbar = memo(function Toolbar({ filterText, dtypes, dtype, files, shard, grouping, count }: ToolbarProps) {
  const store = useWeightsStore.getState();
  const onlyOneFile = files.length <= 1;
  return (
    <div className="tt-toolbar">
      <input
        className="tt-filter"
        value={filterText}
        onChange={(e) => store.setFilterText(e.target.value)}
        placeholder="Filter: text, glob model.layers.*.mlp.*, or /regex/"
        aria-label="Filter tensors"
        spellCheck={false}
      />
      <select aria-label="Dtype" value={dtype} onChange={(e) => store.setDtype(e.target.value)}>
        <option value="">All dtypes</option>
        {dtypes.map((d) => <option key={d} value={d}>{d}</option>)}
      </select>
      <select aria-label="Shard" value={shard} onChange={(e) => store.setShard(Number(e.target.value))} disabled={onlyOneFile}>
        <option value={-1}>{onlyOneFile ? files[0]?.name ?? 'No files' : `All ${files.length} files`}</option>
        {!onlyOneFile && files.map((f, i) => <option key={f.name} value={i}>{f.name}</option>)}
      </select>
      <select aria-label="Group" value={grouping} onChange={(e) => store.setGrouping(e.target.value as Grouping)}>
        <option value="none">No grouping</option>
        <option value="layer">Group by layer</option>
        <option value="module">Group by module</option>
      </select>
      <span className="tt-count" data-testid="tensor-count" aria-live="polite">{count}</span>
    </div>
  );
});

function commonShape(rows: number[], index: TensorIndex): string {
  const first = index.shapes[rows[0]];
  if (!first) return '';
  const key = first.join(',');
  for (const r of rows) if (index.shapes[r].join(',') !== key) return 'various';
  return formatShape(first);
}

/** Rows are in display order, so a binary search on display position finds a row among them. */
function rowsHave(row: number, rows: Uint32Array, index: TensorIndex): number {
  const target = index.position[row];
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = index.position[rows[mid]];
    if (p === target) return mid;
    if (p < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function passesFilters(row: number, rows: Uint32Array, index: TensorIndex): boolean {
  return rowsHave(row, rows, index) >= 0;
}

/** Where the row sits in the virtual list, or -1 when it is filtered out or inside a closed group. */
function positionOf(row: number, rows: Uint32Array, items: ListItem[] | null, index: TensorIndex): number {
  if (!items) return rowsHave(row, rows, index);
  return items.findIndex((it) => it.kind === 'row' && it.row === row);
}
