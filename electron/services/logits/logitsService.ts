/**
 * The logits service (shared/api/contract.ts `logits`): the comparison by path, token decoding with a
 * checkpoint's tokenizer.json, the generated scripts, and the HTTP logprobs probe. Dropped files in
 * browser mode have no path: the renderer compares them in a Web Worker with the same shared code.
 */
import { isAbsolute } from 'node:path';
import { badInput } from '../../../shared/errors';
import type { ProbeResult } from '../../../shared/logits/probe';
import type { LogitsCompareResult, LogitsScriptsReport, LogitsTokens } from '../../../shared/logits/serviceTypes';
import { compareFiles, type CompareFilesRequest } from './compareFiles';
import { probeServer, type ProbeRequest } from './probe';
import { decodeTokens } from './tokens';
import { writeLogitsScripts } from './writeScripts';

const absolute = (path: string) => {
  if (!isAbsolute(path)) throw badInput(`${path}: give an absolute path`);
  return path;
};

export function createLogitsService() {
  return {
    compare: (ref: string, cand: string, options: CompareFilesRequest = {}): Promise<LogitsCompareResult> => compareFiles(absolute(ref), absolute(cand), options),
    tokens: (dir: string, ids: number[]): Promise<LogitsTokens> => decodeTokens(absolute(dir), ids),
    writeScripts: (dir: string, options: { force?: boolean } = {}): Promise<LogitsScriptsReport> => writeLogitsScripts(absolute(dir), options),
    probe: (request: ProbeRequest): Promise<ProbeResult> => probeServer({ ...request, reference: absolute(request.reference) }),
  };
}
