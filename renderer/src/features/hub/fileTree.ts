/** A repo's flat file list as a tree (folders first, then files, by name) with folder sizes. */
export interface TreeFile {
  path: string;
  size: number;
  lfs?: boolean;
}

export interface TreeNode {
  name: string;
  /** Full path inside the repo ('' for the root). */
  path: string;
  kind: 'folder' | 'file';
  /** Bytes: the file's, or the sum of everything below a folder. */
  size: number;
  /** Files below a folder (1 for a file). */
  files: number;
  lfs: boolean;
  children: TreeNode[];
}

export interface TreeRow {
  node: TreeNode;
  depth: number;
}

export function buildTree(files: readonly TreeFile[]): TreeNode {
  const root: TreeNode = { name: '', path: '', kind: 'folder', size: 0, files: 0, lfs: false, children: [] };
  const folders = new Map<string, TreeNode>([['', root]]);
  for (const file of files) {
    const parts = file.path.split('/').filter(Boolean);
    if (parts.length === 0) continue;
    let parent = root;
    let prefix = '';
    const chain: TreeNode[] = [root];
    for (const part of parts.slice(0, -1)) {
      prefix = prefix ? `${prefix}/${part}` : part;
      let folder = folders.get(prefix);
      if (!folder) {
        folder = { name: part, path: prefix, kind: 'folder', size: 0, files: 0, lfs: false, children: [] };
        folders.set(prefix, folder);
        parent.children.push(folder);
      }
      chain.push(folder);
      parent = folder;
    }
    parent.children.push({ name: parts[parts.length - 1], path: parts.join('/'), kind: 'file', size: file.size, files: 1, lfs: !!file.lfs, children: [] });
    for (const f of chain) {
      f.size += file.size;
      f.files += 1;
    }
  }
  sortTree(root);
  return root;
}

function sortTree(node: TreeNode): void {
  node.children.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, undefined, { numeric: true }) : a.kind === 'folder' ? -1 : 1));
  for (const child of node.children) if (child.kind === 'folder') sortTree(child);
}

/** The visible rows, depth first, skipping what is below a collapsed folder (by path). */
export function visibleRows(root: TreeNode, collapsed: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (node: TreeNode, depth: number) => {
    for (const child of node.children) {
      rows.push({ node: child, depth });
      if (child.kind === 'folder' && !collapsed.has(child.path)) walk(child, depth + 1);
    }
  };
  walk(root, 0);
  return rows;
}
