/**
 * "Will it fit": MAX's own memory arithmetic (max/python/max/pipelines/lib/memory_estimation.py,
 * max/python/max/nn/kv_cache/cache_params.py::compute_num_device_blocks), done before starting:
 *   - the weights must fit in the free memory ("Model size exceeds available memory"),
 *   - the KV-cache budget is free x --device-memory-utilization - weights ("don't leave room for KV cache"),
 *   - the cache is whole pages of --kv-cache-page-size tokens; MAX allocates what the budget holds, up to
 *     ceil(max_length / page) x max_batch_size pages ("Insufficient cache memory to allocate even a single
 *     page" when none fits; a warning when one request at max_length does not).
 * Activation memory is measured by MAX at load and is not known here: it is left out and said so.
 */
import { formatBytes } from '../format/units';
import { parseHumanBytes } from './maxArgs';
import { SERVE_DEFAULTS } from './signatures';

export type FitVerdict =
  /** batch x max_length fits in the KV budget. */
  | 'fits'
  /** The server starts, but the cache holds fewer full-length requests than --max-batch-size. */
  | 'fewer-requests'
  /** The server starts with a warning; a request near max_length cannot get its pages. */
  | 'max-length-too-long'
  /** MAX refuses to start: not one KV page fits. */
  | 'no-kv-page'
  /** MAX refuses to start: the weights leave nothing for the KV cache. */
  | 'no-room-for-kv'
  /** MAX refuses to start: the weights alone exceed the free memory. */
  | 'weights-too-large'
  | 'unknown';

export interface FitDevice {
  kind: 'gpu' | 'cpu';
  /** What it is (`NVIDIA H100 80GB HBM3`, `GPU 0, 1`, `host memory`). */
  label: string;
  freeBytes: number | null;
  totalBytes: number | null;
  /** Where the numbers come from (`nvidia-smi`, `os.freemem`). */
  source: string;
}

export interface FitInput {
  /** The weights at the encoding served, or null when unknown. */
  weightsBytes: number | null;
  encoding: string | null;
  /** KV cache per token for all layers, at the cache dtype (MLA-aware: shared/config/kvcache.ts). */
  kvBytesPerToken: number | null;
  /** --max-length, else null (then max_position_embeddings, MAX's default). */
  maxLength: number | null;
  maxPositionEmbeddings: number | null;
  /** --max-batch-size, else null (then MAX's default for the device). */
  maxBatchSize: number | null;
  deviceMemoryUtilization: number | null;
  pageSize: number | null;
  device: FitDevice | null;
}

export interface FitSuggestion {
  flags: string[];
  why: string;
}

export interface FitReport {
  verdict: FitVerdict;
  /** One sentence with the numbers. */
  summary: string;
  device: FitDevice | null;
  numbers: {
    weightsBytes: number | null;
    freeBytes: number | null;
    /** free x device_memory_utilization - weights: what the KV cache may take. */
    kvBudgetBytes: number | null;
    kvBytesPerToken: number | null;
    /** What max_batch_size x max_length would take (whole pages). */
    kvWantedBytes: number | null;
    maxLength: number | null;
    maxBatchSize: number | null;
    pageSize: number;
    deviceMemoryUtilization: number;
    /** Pages the budget holds, and pages one max_length request needs. */
    pagesAvailable: number | null;
    pagesPerRequest: number | null;
    /** How many max_length requests fit at once. */
    requestsAtMaxLength: number | null;
    /** The longest single request the cache can hold. */
    longestRequestTokens: number | null;
  };
  suggestions: FitSuggestion[];
  /** What is not counted or not known (activation memory, no GPU found ...). */
  unknowns: string[];
}

export function estimateFit(input: FitInput): FitReport {
  const pageSize = input.pageSize ?? SERVE_DEFAULTS.kvCachePageSize;
  const utilization = input.deviceMemoryUtilization ?? SERVE_DEFAULTS.deviceMemoryUtilization;
  const device = input.device;
  const onCpu = device?.kind === 'cpu';
  const maxLength = input.maxLength ?? input.maxPositionEmbeddings;
  let maxBatchSize = input.maxBatchSize ?? (onCpu ? SERVE_DEFAULTS.maxBatchSizeCpu : SERVE_DEFAULTS.maxBatchSizeGpu);
  maxBatchSize = Math.min(maxBatchSize, SERVE_DEFAULTS.maxBatchInputTokens);
  const unknowns = ['activation memory (MAX measures it while loading) is not counted'];
  const free = device?.freeBytes ?? null;
  const weights = input.weightsBytes;
  const numbers: FitReport['numbers'] = {
    weightsBytes: weights,
    freeBytes: free,
    kvBudgetBytes: null,
    kvBytesPerToken: input.kvBytesPerToken,
    kvWantedBytes: null,
    maxLength,
    maxBatchSize,
    pageSize,
    deviceMemoryUtilization: utilization,
    pagesAvailable: null,
    pagesPerRequest: null,
    requestsAtMaxLength: null,
    longestRequestTokens: null,
  };
  const report = (verdict: FitVerdict, summary: string, suggestions: FitSuggestion[] = []): FitReport => ({ verdict, summary, device, numbers, suggestions, unknowns });

  if (!device) unknowns.push('no device memory found (no GPU reported by nvidia-smi)');
  if (weights === null) unknowns.push(`the weights' size at ${input.encoding ?? 'the served encoding'} (no weight headers read)`);
  if (input.kvBytesPerToken === null) unknowns.push('the KV cache per token (the config analysis could not size it)');
  if (maxLength === null) unknowns.push('max_length (no --max-length and no max_position_embeddings)');
  if (free === null || weights === null) return report('unknown', `Cannot tell: ${unknowns.slice(1).join('; ')}.`);

  const where = `${device!.label} (${formatBytes(free)} free)`;
  if (weights > free) {
    return report('weights-too-large', `The weights (${formatBytes(weights)}) exceed the free memory of ${where}: MAX would stop with "Model size exceeds available memory".`, [
      { flags: ['--quantization-encoding', '<a smaller encoding the package supports>'], why: 'fewer bytes per parameter' },
      { flags: ['--devices', 'gpu:all'], why: 'spread the weights over every GPU (if the architecture supports several)' },
    ]);
  }
  const budget = Math.floor(free * utilization - weights);
  numbers.kvBudgetBytes = budget;
  if (budget <= 0) {
    const needed = Math.min(0.99, Math.ceil(((weights + (input.kvBytesPerToken ?? 0) * pageSize) / free) * 100) / 100);
    return report('no-room-for-kv', `The weights (${formatBytes(weights)}) take more than ${Math.round(utilization * 100)}% of ${where}: MAX would stop with "don't leave room for KV cache".`, [
      ...(needed > utilization ? [{ flags: ['--device-memory-utilization', String(needed)], why: `let the KV cache use ${Math.round(needed * 100)}% of the free memory` }] : []),
      { flags: ['--quantization-encoding', '<a smaller encoding the package supports>'], why: 'smaller weights leave room for the cache' },
    ]);
  }
  if (input.kvBytesPerToken === null || maxLength === null) {
    return report('unknown', `The weights (${formatBytes(weights)}) fit in ${where}, leaving ${formatBytes(budget)} for the KV cache; ${unknowns.slice(1).join('; ')}.`);
  }
  const bytesPerPage = input.kvBytesPerToken * pageSize;
  const pagesAvailable = Math.floor(budget / bytesPerPage);
  const pagesPerRequest = Math.ceil(maxLength / pageSize);
  const wantedPages = pagesPerRequest * maxBatchSize;
  numbers.pagesAvailable = pagesAvailable;
  numbers.pagesPerRequest = pagesPerRequest;
  numbers.kvWantedBytes = wantedPages * bytesPerPage;
  numbers.requestsAtMaxLength = Math.floor(pagesAvailable / pagesPerRequest);
  numbers.longestRequestTokens = pagesAvailable * pageSize;
  const kvLine = `KV cache ${formatBytes(input.kvBytesPerToken)}/token x ${maxLength} tokens x ${maxBatchSize} requests = ${formatBytes(numbers.kvWantedBytes)}, budget ${formatBytes(budget)} (${Math.round(utilization * 100)}% of ${formatBytes(free)} - weights ${formatBytes(weights)})`;
  if (pagesAvailable === 0) {
    return report('no-kv-page', `${kvLine}: not one ${pageSize}-token page fits; MAX would stop with "Insufficient cache memory to allocate even a single page".`, [
      { flags: ['--quantization-encoding', '<a smaller encoding the package supports>'], why: 'smaller weights leave room for the cache' },
    ]);
  }
  if (pagesAvailable >= wantedPages) return report('fits', `${kvLine}: it fits on ${device!.label}.`);
  const fitLength = Math.floor(pagesAvailable / maxBatchSize) * pageSize;
  if (numbers.requestsAtMaxLength >= 1) {
    return report('fewer-requests', `${kvLine}: MAX starts, but the cache holds ${numbers.requestsAtMaxLength} full-length request${numbers.requestsAtMaxLength > 1 ? 's' : ''} at once, not ${maxBatchSize}.`, [
      { flags: ['--max-batch-size', String(numbers.requestsAtMaxLength)], why: `${numbers.requestsAtMaxLength} requests of ${maxLength} tokens fit` },
      ...(fitLength >= pageSize ? [{ flags: ['--max-length', String(fitLength)], why: `${maxBatchSize} requests of ${fitLength} tokens fit` }] : []),
    ]);
  }
  return report('max-length-too-long', `${kvLine}: not even one ${maxLength}-token request fits (the longest is ${numbers.longestRequestTokens} tokens); MAX starts with a warning and such requests fail.`, [
    { flags: ['--max-length', String(numbers.longestRequestTokens), '--max-batch-size', '1'], why: 'one request of the longest length that fits' },
    ...(fitLength >= pageSize ? [{ flags: ['--max-length', String(fitLength)], why: `${maxBatchSize} requests of ${fitLength} tokens fit` }] : []),
  ]);
}

/** MAX's own figures from an out-of-memory failure line, in bytes, to show beside the estimate. */
export function maxMemoryFigures(figures: Record<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(figures)) {
    const bytes = parseHumanBytes(value);
    if (bytes !== null) out[name] = bytes;
  }
  return out;
}
