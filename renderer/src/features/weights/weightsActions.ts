import type { OpenedCheckpoint } from '@shared/api/types';
import type { WeightsReport } from '@shared/weights/types';
import { api } from '../../platform/bridge';
import { useWeightsStore } from './weightsStore';

let requests = 0;

/** Why a checkpoint has no weights to read, or null when it may have some. */
export function noWeightsReason(checkpoint: OpenedCheckpoint): string | null {
  if (checkpoint.kind === 'example') return `${checkpoint.label} is an embedded example: config.json only, no weight files. Open a local checkpoint folder or a Hub repo to inspect its weights.`;
  if (checkpoint.kind === 'dropped') return 'A dropped config.json comes without its weight files. Open the checkpoint folder (or its repo id) to inspect the weights.';
  const weights = checkpoint.files.some((f) => /\.(safetensors|gguf)$|\.safetensors\.index\.json$|\.bin$|\.pt$|\.pth$/i.test(f.path));
  if (checkpoint.files.length && !weights) return `${checkpoint.label}: no weight files next to config.json (no .safetensors or .gguf).`;
  return null;
}

/** No safetensors or GGUF file is here (for a cached repo: it was downloaded as config + tokenizer, or as the index only). */
export function noLocalWeightFiles(checkpoint: OpenedCheckpoint): boolean {
  const paths = checkpoint.files.map((f) => f.path);
  return !paths.some((p) => /\.(safetensors|gguf)$/i.test(p));
}

async function load(source: string, remote: boolean, read: () => Promise<WeightsReport>): Promise<void> {
  const request = ++requests;
  useWeightsStore.getState().begin(source, request, remote);
  try {
    useWeightsStore.getState().resolve(source, request, await read());
  } catch (err) {
    useWeightsStore.getState().reject(source, request, err instanceof Error ? err.message : String(err));
  }
}

/**
 * Reads the weight headers of `source` through the services (never tensor data). A second call for
 * a source already loading or loaded does nothing unless `force` (Retry).
 */
export async function inspectWeights(source: string, options: { force?: boolean; remote?: boolean } = {}): Promise<void> {
  const entry = useWeightsStore.getState().entries[source];
  if (entry && !options.force) return; // loading, loaded, or failed: an error stays until Retry
  await load(source, !!options.remote, () => api.weights.inspect(source));
}

/** The headers of a cached repo's weights, read on the Hub (range requests) and kept for `source`. */
export async function inspectRemoteWeights(source: string, repoId: string, revision: string): Promise<void> {
  await load(source, true, () => api.hub.readWeightHeaders(repoId, revision));
}
