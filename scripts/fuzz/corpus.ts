/** Real files from fixtures/corpus/ (see its README), the seeds every mutation starts from. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The repository holding this file, as source (scripts/fuzz) or as the bundle (out/fuzz/...). */
function repoRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'fixtures', 'corpus'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no fixtures/corpus above ${__dirname}`);
  }
}

export const CORPUS = join(repoRoot(), 'fixtures', 'corpus');

export interface CorpusFile {
  /** Path relative to fixtures/corpus (or the fixtures folder it came from). */
  name: string;
  bytes: Uint8Array;
}

/** Every corpus file whose name matches, in a stable order; `maxBytes` keeps only the first bytes of large ones. */
export function corpusFiles(match: (relativePath: string) => boolean, maxBytes = Infinity): CorpusFile[] {
  return filesUnder(CORPUS, match, maxBytes);
}

/** The same for another fixtures folder (e.g. `fixtures/logits`, written by its own generator); names relative to it. */
export function fixtureFiles(folder: string, match: (relativePath: string) => boolean, maxBytes = Infinity): CorpusFile[] {
  return filesUnder(join(repoRoot(), 'fixtures', folder), match, maxBytes);
}

function filesUnder(root: string, match: (relativePath: string) => boolean, maxBytes: number): CorpusFile[] {
  const out: CorpusFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const name = relative(root, full);
        if (!match(name)) continue;
        const bytes = new Uint8Array(readFileSync(full));
        out.push({ name, bytes: bytes.length > maxBytes ? bytes.slice(0, maxBytes) : bytes });
      }
    }
  };
  walk(root);
  if (!out.length) throw new Error(`${relative(repoRoot(), root)}: no seed file matched ${match}`);
  return out;
}

export const text = (file: CorpusFile) => Buffer.from(file.bytes).toString('utf8');

/** The files that parse as JSON (the corpus keeps a few broken ones on purpose: they seed the text mutations). */
export function parsedJson(files: CorpusFile[]): unknown[] {
  const values: unknown[] = [];
  for (const file of files) {
    try {
      values.push(JSON.parse(text(file).replace(/^\uFEFF/, '')));
    } catch {
      // kept only as text
    }
  }
  return values;
}

/** Every object key and every string value found anywhere in `values`: the vocabulary of real configs. */
export function vocabulary(values: unknown[]): { keys: string[]; strings: string[]; numbers: number[] } {
  const keys = new Set<string>();
  const strings = new Set<string>();
  const numbers = new Set<number>();
  const visit = (v: unknown) => {
    if (typeof v === 'string') strings.add(v);
    else if (typeof v === 'number') numbers.add(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        keys.add(k);
        visit(x);
      }
    }
  };
  values.forEach(visit);
  const sorted = <T>(s: Set<T>) => [...s].sort((a, b) => String(a).localeCompare(String(b)));
  return { keys: sorted(keys), strings: sorted(strings).filter((s) => s.length <= 200), numbers: sorted(numbers) };
}
