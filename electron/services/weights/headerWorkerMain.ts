/**
 * The header worker (built to out/node/weights/headerWorker.js): reads, validates and totals the
 * local safetensors headers it is given, in order, beside the thread that started it, and posts
 * each result packed (shared/weights/shardRead.ts) or its one-line error as soon as it is done.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorPayload } from '../../../shared/errors';
import { parseSafetensorsHeader } from '../../../shared/weights/safetensorsHeader';
import { packShard } from '../../../shared/weights/shardRead';
import type { HeaderWorkerData, HeaderWorkerMessage } from './headerWorker';
import { readLocalHeader } from './localHeaderSource';

const { dir, files } = workerData as HeaderWorkerData;
files.forEach((file, i) => {
  let message: HeaderWorkerMessage;
  let transfer: ArrayBuffer[] = [];
  try {
    const path = join(dir, file);
    const raw = readLocalHeader(path);
    const packing = packShard(parseSafetensorsHeader(raw.json, { file: path, fileBytes: raw.fileBytes }), raw.fileBytes);
    message = { i, packed: packing.packed };
    transfer = packing.transfer;
  } catch (err) {
    message = { i, error: toErrorPayload(err) };
  }
  parentPort!.postMessage(message, transfer);
});
