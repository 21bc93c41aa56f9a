import type { OpenedCheckpoint } from '@shared/api/types';
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

/**
 * Reads the weight headers of `source` through the services (never tensor data). A second call for
 * a source already loading or loaded does nothing unless `force` (Retry).
 */
export async function inspectWeights(source: string, force = false): Promise<void> {
  const store = useWeightsStore.getState();
  const entry = store.entries[source];
  if (entry && !force) return; // loading, loaded, or failed: an error stays until Retry
  const request = ++requests;
  store.begin(source, request);
  try {
    const report = await api.weights.inspect(source);
    useWeightsStore.getState().resolve(source, request, report);
  } catch (err) {
    useWeightsStore.getState().reject(source, request, err instanceof Error ? err.message : String(err));
  }
}
