import { diff3Merge } from 'node-diff3';

/** One region both sides changed differently; lines without their newline characters. */
export interface MergeConflict {
  ours: string[];
  theirs: string[];
  base: string[];
  /** 1-based line in `ours` where the conflicting region starts. */
  startLine: number;
}

export interface MergeResult {
  /** The merged text; each conflict is written with git-style markers (ours, base, theirs). */
  text: string;
  conflicts: MergeConflict[];
  clean: boolean;
}

export const CONFLICT_MARKERS = {
  ours: '<<<<<<< yours',
  base: '||||||| last generated',
  split: '=======',
  theirs: '>>>>>>> regenerated',
} as const;

/**
 * Three-way line merge: `base` is the last generated text, `ours` the file as the user left it,
 * `theirs` the newly generated text. Lines changed on one side only are taken from that side;
 * identical changes on both sides are not conflicts.
 */
export function merge3(base: string, ours: string, theirs: string): MergeResult {
  const eol = ours.includes('\r\n') ? '\r\n' : '\n';
  const regions = diff3Merge(toLines(ours), toLines(base), toLines(theirs), { excludeFalseConflicts: true });
  const out: string[] = [];
  const conflicts: MergeConflict[] = [];
  for (const region of regions) {
    if (region.ok) {
      out.push(...region.ok);
    } else if (region.conflict) {
      const { a, aIndex, o, b } = region.conflict;
      conflicts.push({ ours: a, theirs: b, base: o, startLine: aIndex + 1 });
      out.push(CONFLICT_MARKERS.ours, ...a, CONFLICT_MARKERS.base, ...o, CONFLICT_MARKERS.split, ...b, CONFLICT_MARKERS.theirs);
    }
  }
  const trailing = endsWithNewline(theirs) || endsWithNewline(ours) ? eol : '';
  return { text: out.length ? out.join(eol) + trailing : '', conflicts, clean: conflicts.length === 0 };
}

/** Lines without their terminators; a final newline does not make an empty last line. */
function toLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const endsWithNewline = (text: string) => text.endsWith('\n');
