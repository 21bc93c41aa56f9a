/**
 * `bringup logits REF CAND` and the app's "Compare" on two paths: open both files, compare them with
 * shared/logits, and with a port folder record the result as the validate-logits evidence.
 */
import { isAbsolute, resolve } from 'node:path';
import { compareLogits } from '../../../shared/logits/compare';
import { evidenceData, evidenceDetail } from '../../../shared/logits/evidence';
import { openLogits } from '../../../shared/logits/read';
import { resolveThresholds, type ThresholdRequest } from '../../../shared/logits/thresholds';
import type { LogitsReport } from '../../../shared/logits/types';
import { openPort, portInputPaths } from '../project/port';
import { hashInputs, recordEvidence, sha256File } from '../project/projectFile';
import { inflateRawNode, openFileSource, type FileSource } from './fileSource';

export interface CompareFilesRequest extends ThresholdRequest {
  /** A port folder: record the result as its validate-logits evidence. */
  port?: string;
  worst?: number;
}

export interface CompareFilesResult {
  report: LogitsReport;
  /** The port folder the evidence was recorded in, when asked. */
  recordedIn: string | null;
}

export async function compareFiles(refPath: string, candPath: string, request: CompareFilesRequest = {}, cwd = process.cwd(), onProgress?: (done: number, total: number | null) => void): Promise<CompareFilesResult> {
  // Thresholds first: a wrong --pipeline is a usage error before any file is read.
  const thresholds = resolveThresholds(request);
  const port = request.port ? await openPort(request.port, cwd) : null;
  const refFile = isAbsolute(refPath) ? refPath : resolve(cwd, refPath);
  const candFile = isAbsolute(candPath) ? candPath : resolve(cwd, candPath);
  const sources: FileSource[] = [];
  let report: LogitsReport;
  try {
    sources.push(await openFileSource(refFile));
    sources.push(await openFileSource(candFile));
    const deps = { inflateRaw: inflateRawNode };
    const [ref, cand] = await Promise.all([openLogits(sources[0], deps), openLogits(sources[1], deps)]);
    try {
      report = await compareLogits(ref, cand, { thresholds, worst: request.worst, onProgress });
    } finally {
      await Promise.all([ref.close(), cand.close()]);
    }
  } finally {
    await Promise.all(sources.map((s) => s.close()));
  }
  if (!port) return { report, recordedIn: null };
  const [refSha, candSha] = await Promise.all([sha256File(refFile), sha256File(candFile)]);
  const data = evidenceData(report, { ref: { path: refFile, sha256: refSha }, cand: { path: candFile, sha256: candSha } });
  await recordEvidence(port.dir, 'validate-logits', {
    at: new Date().toISOString(),
    inputs: await hashInputs(port.dir, [...portInputPaths(port), refFile, candFile]),
    ok: report.verdict === 'pass',
    detail: evidenceDetail(report),
    data,
  });
  return { report, recordedIn: port.dir };
}
