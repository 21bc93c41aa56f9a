import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repo (or installed package) root: the nearest folder above this file with our package.json. */
export function packageRoot(start = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'bringup') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the bringup package root');
    dir = parent;
  }
}

export function packageVersion(root = packageRoot()): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}
