/**
 * Finds the expected row of a checkpoint tensor name from the family's templates, without hashing
 * the name into a map of 90,000 expected names (a fresh string each, flattened and hashed): the
 * name is cut at its digit runs, a number computed from the text around them picks the few
 * templates of that shape, `{i}` and `{j}` are read from their runs, and the row they give is
 * accepted only when `name === names[row]`. So a match is exact by construction; the matcher is
 * only built when every name that equals an expected one is also found (see `templateMatcher`).
 */

/** One template of the expected list, after `{p}`/`{r}` are filled, and where its rows sit. */
export interface TemplateRows {
  name: string;
  /** The name holds `{i}` (one block of rows per layer). */
  perLayer: boolean;
  /** Per layer (or [0] alone): the first row of this template's block, -1 when its `when` is false. */
  base: number[];
  /** Per layer: rows in the block (the experts for a `{j}` template, else 1). */
  count: number[];
}

/** What each digit run of a template's names holds: a placeholder or digits of its own text. */
type Slot = 'i' | 'j' | { digits: string };

interface Template {
  rows: TemplateRows;
  /** Text around the slots: pieces.length === slots.length + 1. */
  pieces: string[];
  slots: Slot[];
}

/** Returns the row of `name` in the expected list, or -1. */
export type Matcher = (name: string) => number;

const RUN_MARK = 0x110000; // above every char code: a digit run in the shape hash
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const mix = (h: number, v: number) => (Math.imul(h, 31) + v) | 0;
/** Longest `{i}`/`{j}` value read: String(n) of any row count fits, and the number stays exact. */
const MAX_INDEX_DIGITS = 9;

/**
 * The matcher for one expected list (`names[row]` is each row's name), or null when some name
 * equal to an expected one might not be found, or found at another row than a map's first:
 * a placeholder touching a digit or another placeholder (its run would merge), or two templates
 * of the same shape not told apart by a fixed number (their names could repeat).
 */
export function templateMatcher(templates: readonly TemplateRows[], names: readonly string[]): Matcher | null {
  const byShape = new Map<number, Template[]>();
  const texts = new Map<string, Template[]>();
  let maxRuns = 0;
  const parsedAll: Template[] = [];
  for (const rows of templates) {
    const parsed = parseTemplate(rows);
    if (!parsed) return null;
    parsedAll.push(parsed);
    const text = parsed.pieces.join('\u0000');
    const same = texts.get(text) ?? [];
    if (same.some((other) => !fixedDigitsDiffer(other, parsed))) return null;
    texts.set(text, [...same, parsed]);
    const h = shapeHash(parsed.pieces);
    byShape.set(h, [...(byShape.get(h) ?? []), parsed]);
    maxRuns = Math.max(maxRuns, parsed.slots.length);
  }
  // The characters a template's name can end with: any other last character is no match, told
  // without reading the name (FP8 scales, `….weight_scale_inv`, are half of DeepSeek-V3's names).
  const lastChars = new Set<number>();
  for (const { pieces } of parsedAll) {
    const tail = pieces[pieces.length - 1];
    if (tail) lastChars.add(tail.charCodeAt(tail.length - 1));
    else for (let d = 0x30; d <= 0x39; d++) lastChars.add(d); // ends with a number
  }
  const starts = new Int32Array(maxRuns);
  const ends = new Int32Array(maxRuns);
  return (name) => {
    if (!lastChars.has(name.charCodeAt(name.length - 1))) return -1;
    // One pass: the digit runs, and the hash of the text around them (as shapeHash of the pieces).
    let h = 0;
    let runs = 0;
    // isDigit and mix written out: this loop sees every character of 90,000 names, mostly before
    // the JIT has optimized (and inlined) anything.
    const n = name.length;
    for (let c = 0; c < n; c++) {
      const code = name.charCodeAt(c);
      if (code < 0x30 || code > 0x39) {
        h = (Math.imul(h, 31) + code) | 0;
        continue;
      }
      if (runs === maxRuns) return -1;
      starts[runs] = c;
      while (c + 1 < n && name.charCodeAt(c + 1) >= 0x30 && name.charCodeAt(c + 1) <= 0x39) c++;
      ends[runs++] = c + 1;
      h = (Math.imul(h, 31) + RUN_MARK) | 0;
    }
    const candidates = byShape.get(h);
    if (!candidates) return -1;
    for (const t of candidates) {
      if (t.slots.length !== runs) continue;
      const row = rowAt(t.rows, t.slots, name, starts, ends);
      if (row >= 0 && names[row] === name) return row;
    }
    return -1;
  };
}

/** The hash the matcher computes from a name of these pieces: each char, and a mark per run between. */
function shapeHash(pieces: readonly string[]): number {
  let h = 0;
  pieces.forEach((piece, k) => {
    if (k > 0) h = mix(h, RUN_MARK);
    for (let c = 0; c < piece.length; c++) h = mix(h, piece.charCodeAt(c));
  });
  return h;
}

function fixedDigitsDiffer(a: Template, b: Template): boolean {
  return a.slots.some((slot, k) => {
    const other = b.slots[k];
    return typeof slot === 'object' && typeof other === 'object' && slot.digits !== other.digits;
  });
}

function parseTemplate(rows: TemplateRows): Template | null {
  const { name } = rows;
  // As the list is built: the first `{i}` (when per layer) and the first `{j}` are the placeholders.
  const at = new Map<number, 'i' | 'j'>();
  if (rows.perLayer) at.set(name.indexOf('{i}'), 'i');
  const j = name.indexOf('{j}');
  if (j >= 0 && !at.has(j)) at.set(j, 'j');
  const pieces: string[] = [];
  const slots: Slot[] = [];
  let piece = '';
  let c = 0;
  while (c < name.length) {
    const placeholder = at.get(c);
    if (placeholder) {
      // A digit or placeholder on either side would merge with the number in the name.
      if ((c > 0 && isDigit(name.charCodeAt(c - 1))) || isDigit(name.charCodeAt(c + 3)) || at.has(c + 3)) return null;
      pieces.push(piece);
      slots.push(placeholder);
      piece = '';
      c += 3;
    } else if (isDigit(name.charCodeAt(c))) {
      let end = c;
      while (end < name.length && isDigit(name.charCodeAt(end))) end++;
      if (at.has(end)) return null;
      pieces.push(piece);
      slots.push({ digits: name.slice(c, end) });
      piece = '';
      c = end;
    } else {
      piece += name[c];
      c++;
    }
  }
  pieces.push(piece);
  return { rows, pieces, slots };
}

/** The row a name of this template's shape would be, from its `{i}` and `{j}` runs, or -1 (checked by the caller). */
function rowAt(rows: TemplateRows, slots: readonly Slot[], name: string, starts: Int32Array, ends: Int32Array): number {
  let i = 0;
  let j = 0;
  for (let k = 0; k < slots.length; k++) {
    const slot = slots[k];
    if (typeof slot === 'object') continue; // its digits are checked by the name comparison
    if (ends[k] - starts[k] > MAX_INDEX_DIGITS) return -1;
    let n = 0;
    for (let c = starts[k]; c < ends[k]; c++) n = n * 10 + (name.charCodeAt(c) - 0x30);
    if (slot === 'i') i = n;
    else j = n;
  }
  const { base, count } = rows;
  if (i >= base.length || base[i] < 0 || j >= count[i]) return -1;
  return base[i] + j;
}
