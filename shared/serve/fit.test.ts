import { describe, expect, it } from 'vitest';
import { estimateFit, type FitInput } from './fit';

const GiB = 1024 ** 3;
// Llama-3.1-8B at bfloat16: 16.06 GB of weights, 131072 bytes of KV per token (32 layers x 8 kv heads x 128 x 2 x 2).
const llama8b: FitInput = {
  weightsBytes: 16_060_522_496,
  encoding: 'bfloat16',
  kvBytesPerToken: 131_072,
  maxLength: null,
  maxPositionEmbeddings: 131_072,
  maxBatchSize: null,
  deviceMemoryUtilization: null,
  pageSize: null,
  device: { kind: 'gpu', label: 'GPU 0 (NVIDIA H100 80GB HBM3)', freeBytes: 79 * GiB, totalBytes: 80 * GiB, source: 'nvidia-smi' },
};

describe('will it fit', () => {
  it("does MAX's arithmetic: budget = free x 0.9 - weights, whole 128-token pages, batch 512 by default", () => {
    const report = estimateFit(llama8b);
    const budget = Math.floor(79 * GiB * 0.9 - 16_060_522_496);
    expect(report.numbers).toMatchObject({ kvBudgetBytes: budget, pageSize: 128, maxBatchSize: 512, maxLength: 131_072, pagesPerRequest: 1024 });
    expect(report.numbers.pagesAvailable).toBe(Math.floor(budget / (131_072 * 128)));
    // 512 requests of 131072 tokens need 8 TiB: MAX starts but holds only 3 such requests at once.
    expect(report.verdict).toBe('fewer-requests');
    expect(report.numbers.requestsAtMaxLength).toBe(Math.floor(report.numbers.pagesAvailable! / 1024));
    expect(report.suggestions[0]).toEqual({ flags: ['--max-batch-size', String(report.numbers.requestsAtMaxLength)], why: expect.any(String) });
    expect(report.unknowns[0]).toContain('activation memory');
  });

  it('fits with flags that make it fit, and counts MLA-sized caches the same way', () => {
    const fits = estimateFit({ ...llama8b, maxLength: 8192, maxBatchSize: 32 });
    expect(fits.verdict).toBe('fits');
    expect(fits.numbers.kvWantedBytes).toBe(64 * 32 * 128 * 131_072);
  });

  it('says when the weights alone do not fit, or leave nothing for the cache, as MAX would refuse', () => {
    const small = { ...llama8b, device: { ...llama8b.device!, freeBytes: 12 * GiB } };
    expect(estimateFit(small).verdict).toBe('weights-too-large');
    expect(estimateFit(small).summary).toContain('Model size exceeds available memory');
    const tight = { ...llama8b, device: { ...llama8b.device!, freeBytes: 16 * GiB } };
    const report = estimateFit(tight);
    expect(report.verdict).toBe('no-room-for-kv');
    expect(report.suggestions[0].flags[0]).toBe('--device-memory-utilization');
  });

  it('suggests a max length when not even one full-length request fits', () => {
    const report = estimateFit({ ...llama8b, device: { ...llama8b.device!, freeBytes: 20 * GiB } });
    expect(report.verdict).toBe('max-length-too-long');
    expect(report.suggestions[0].flags.slice(0, 2)).toEqual(['--max-length', String(report.numbers.longestRequestTokens)]);
    expect(report.numbers.longestRequestTokens! % 128).toBe(0);
  });

  it('is honest about what it does not know', () => {
    expect(estimateFit({ ...llama8b, device: null }).verdict).toBe('unknown');
    expect(estimateFit({ ...llama8b, weightsBytes: null }).summary).toContain('Cannot tell');
  });

  it('uses batch size 1 on the CPU', () => {
    const cpu = estimateFit({ ...llama8b, maxLength: 4096, device: { kind: 'cpu', label: 'host memory', freeBytes: 64 * GiB, totalBytes: 128 * GiB, source: 'os.freemem' } });
    expect(cpu.numbers.maxBatchSize).toBe(1);
    expect(cpu.verdict).toBe('fits');
  });
});
