import { badInput } from '../errors';

/**
 * Which weight files a checkpoint folder holds, from its file list. MAX loads only safetensors and
 * GGUF (max-facts.md §7, `WeightsFormat`), so PyTorch `.bin` checkpoints are explained, not read.
 */
export type WeightLayout =
  | { kind: 'safetensors-index'; index: string }
  | { kind: 'safetensors'; files: string[] }
  | { kind: 'gguf'; files: string[] };

const INDEX = 'model.safetensors.index.json';

export function detectLayout(paths: readonly string[], label: string): WeightLayout {
  const root = paths.filter((p) => !p.includes('/'));
  if (root.includes(INDEX)) return { kind: 'safetensors-index', index: INDEX };
  const safetensors = root.filter((p) => p.endsWith('.safetensors'));
  if (safetensors.includes('model.safetensors')) return { kind: 'safetensors', files: ['model.safetensors'] };
  // Mistral repos also ship consolidated.safetensors (Mistral's own format) beside the HF files.
  const hf = safetensors.filter((p) => !p.startsWith('consolidated'));
  if (hf.length) return { kind: 'safetensors', files: hf };
  if (safetensors.length) return { kind: 'safetensors', files: safetensors };
  const gguf = root.filter((p) => p.endsWith('.gguf'));
  if (gguf.length) return { kind: 'gguf', files: gguf };
  const torch = root.filter((p) => /\.(bin|pt|pth)$/.test(p) || p === 'pytorch_model.bin.index.json');
  if (torch.length) {
    throw badInput(
      `${label}: only PyTorch weights (${torch.slice(0, 3).join(', ')}${torch.length > 3 ? ', ...' : ''}); MAX loads only safetensors and GGUF. ` +
        'Convert them first (transformers: from_pretrained(...).save_pretrained(dir, safe_serialization=True))',
    );
  }
  throw badInput(`${label}: no weight files (*.safetensors, model.safetensors.index.json or *.gguf) in the checkpoint`);
}
