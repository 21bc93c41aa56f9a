import { diffComm } from 'node-diff3';

/**
 * A package file on disk against a fresh generation of it: which disk lines differ (the user's
 * edits, or what regeneration would change), and how lines correspond, so the source map of the
 * generation (generated line → config field) still points at the right line of the file on disk.
 */
export interface DiskAlignment {
  /** 1-based lines of the disk file that are not in the fresh generation at that place. */
  differing: number[];
  /** Lines of the fresh generation missing from the disk file (removed or changed there). */
  missing: number;
  /** Generated line → disk line, for lines both share; null when the line is not on disk. */
  toDisk(line: number): number | null;
  /** Disk line → generated line, or null for a line of the user's own. */
  toGenerated(line: number): number | null;
}

const lines = (text: string) => {
  const out = text.split(/\r?\n/);
  if (out[out.length - 1] === '') out.pop();
  return out;
};

export function alignLines(generated: string, disk: string): DiskAlignment {
  const toDisk = new Map<number, number>();
  const toGen = new Map<number, number>();
  const differing: number[] = [];
  let missing = 0;
  let g = 1;
  let d = 1;
  for (const chunk of diffComm(lines(generated), lines(disk)) as Array<{ common?: string[]; buffer1?: string[]; buffer2?: string[] }>) {
    if (chunk.common) {
      for (let i = 0; i < chunk.common.length; i++, g++, d++) {
        toDisk.set(g, d);
        toGen.set(d, g);
      }
      continue;
    }
    missing += chunk.buffer1?.length ?? 0;
    g += chunk.buffer1?.length ?? 0;
    for (let i = 0; i < (chunk.buffer2?.length ?? 0); i++, d++) differing.push(d);
  }
  return { differing, missing, toDisk: (line) => toDisk.get(line) ?? null, toGenerated: (line) => toGen.get(line) ?? null };
}
