/**
 * Compares two dropped files off the UI thread with the same shared/logits code the service runs
 * (browser mode: the files have no path on the server).
 */
import { toErrorPayload } from '@shared/errors';
import { compareLogits } from '@shared/logits/compare';
import { openLogits } from '@shared/logits/read';
import { resolveThresholds, type ThresholdRequest } from '@shared/logits/thresholds';
import { fileSource, inflateRawBrowser } from './browserSource';

export interface CompareJob {
  ref: File;
  cand: File;
  request: ThresholdRequest;
}

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number | null }
  | { type: 'done'; report: Awaited<ReturnType<typeof compareLogits>> }
  | { type: 'error'; message: string };

const post = (message: WorkerMessage) => (self as unknown as { postMessage(m: WorkerMessage): void }).postMessage(message);

self.onmessage = async (event: MessageEvent<CompareJob>) => {
  const { ref, cand, request } = event.data;
  try {
    const thresholds = resolveThresholds(request);
    const deps = { inflateRaw: inflateRawBrowser };
    const [a, b] = await Promise.all([openLogits(fileSource(ref), deps), openLogits(fileSource(cand), deps)]);
    let last = 0;
    const report = await compareLogits(a, b, {
      thresholds,
      onProgress(done, total) {
        const now = Date.now();
        if (now - last > 100) {
          last = now;
          post({ type: 'progress', done, total });
        }
      },
    });
    post({ type: 'done', report });
  } catch (err) {
    post({ type: 'error', message: toErrorPayload(err).message });
  }
};
