import { findNodeAtLocation, getLocation, parseTree, type Node } from 'jsonc-parser';
import { offsetBeyondDepth } from './depth';

/** jsonc-parser and the walk below recurse per nesting level: text deeper than transformers can read gets no positions. */
const tooDeep = (text: string): boolean => offsetBeyondDepth(text) >= 0;

/** Dotted paths as the analysis and the CLI contract write them: `rope_scaling.rope_type`, `architectures.0`. */
export function toDotted(segments: readonly (string | number)[]): string {
  return segments.map(String).join('.');
}

function fromDotted(path: string, root: Node | undefined): (string | number)[] {
  const segments: (string | number)[] = [];
  let node = root;
  for (const part of path === '' ? [] : path.split('.')) {
    const index = node?.type === 'array' && /^\d+$/.test(part) ? Number(part) : part;
    segments.push(index);
    node = node ? findNodeAtLocation(node, [index]) : undefined;
  }
  return segments;
}

/** The character range of a path's property (key and value) in the JSON text, or null. */
export function rangeOfPath(text: string, path: string): { offset: number; length: number } | null {
  if (tooDeep(text)) return null;
  const root = parseTree(text);
  if (!root) return null;
  const node = findNodeAtLocation(root, fromDotted(path, root));
  if (!node) return null;
  const target = node.parent?.type === 'property' ? node.parent : node;
  return { offset: target.offset, length: target.length };
}

/** The dotted path of the property at a character offset (the key or anywhere in its value). */
export function pathAtOffset(text: string, offset: number): string | null {
  if (tooDeep(text)) return null;
  const location = getLocation(text, offset);
  return location.path.length ? toDotted(location.path) : null;
}

/** Every property of the text with its dotted path and the range of its key. */
export function propertyKeyRanges(text: string): { path: string; offset: number; length: number; valueEnd: number }[] {
  const out: { path: string; offset: number; length: number; valueEnd: number }[] = [];
  const walk = (node: Node, prefix: (string | number)[]) => {
    if (node.type === 'object') {
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (!key || !value) continue;
        const path = [...prefix, String(key.value)];
        out.push({ path: toDotted(path), offset: key.offset, length: key.length, valueEnd: value.offset + value.length });
        walk(value, path);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => walk(child, [...prefix, i]));
    }
  };
  if (tooDeep(text)) return out;
  const root = parseTree(text);
  if (root) walk(root, []);
  return out;
}
