import { useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { HubFile } from '@shared/hub/types';
import { formatBytes } from '@shared/format/units';
import { buildTree, visibleRows } from './fileTree';

const ROW = 24;

/** A repo's files as a collapsible tree with sizes and LFS badges, virtualized (DeepSeek-V3 has 163 shards). */
export function FileTree({ files }: { files: HubFile[] }) {
  const tree = useMemo(() => buildTree(files.map((f) => ({ path: f.path, size: f.size, lfs: !!f.lfs }))), [files]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const rows = useMemo(() => visibleRows(tree, collapsed), [tree, collapsed]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 12 });

  const toggle = (path: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  return (
    <div className="file-tree" ref={scroller} role="tree" aria-label="Files" data-testid="file-tree">
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((v) => {
          const { node, depth } = rows[v.index];
          const folder = node.kind === 'folder';
          const open = folder && !collapsed.has(node.path);
          return (
            <div
              key={node.path}
              className="virtual-row tree-row"
              style={{ transform: `translateY(${v.start}px)`, height: v.size }}
              role="treeitem"
              aria-level={depth + 1}
              aria-expanded={folder ? open : undefined}
              data-testid="tree-row"
              data-path={node.path}
            >
              <span className="tree-name" style={{ paddingLeft: 8 + depth * 14 }}>
                {folder ? (
                  <button className="tree-toggle" onClick={() => toggle(node.path)} aria-label={`${open ? 'Collapse' : 'Expand'} ${node.path}`}>
                    {open ? '▾' : '▸'} {node.name}/
                  </button>
                ) : (
                  <span className="mono" title={node.path}>{node.name}</span>
                )}
                {node.lfs && <span className="tag">LFS</span>}
              </span>
              <span className="tree-size mono">{folder ? `${node.files} files · ` : ''}{formatBytes(node.size)}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
