/**
 * KV-cache size as MAX allocates it. Standard attention: 2 (K and V) x layers x kv_heads x head_dim x
 * bytes. MLA (deepseekV3): MAX caches one latent per layer, n_kv_heads = 1 and head_dim =
 * kv_lora_rank + qk_rope_head_dim (max-facts.md §2.4), so layers x (kv_lora_rank + qk_rope_head_dim) x bytes.
 * The cache dtype follows MAX's rule from the encoding (fp8/fp4/gptq -> bfloat16, q4/q6 -> float32).
 * Convention: sliding-window layers are counted at full length (MAX's paged cache is sized per token).
 */
import { quantization } from './kb';
import type { Scope } from './effective';
import type { QuantInfo } from './quant';
import type { KvCacheEstimate } from './types';

/** The MAX encoding this checkpoint would be served with by default, or null when unknown. */
export function encodingFor(dtype: string | null, quant: QuantInfo | null): string | null {
  const method = quant && Object.hasOwn(quantization.methods, quant.method) ? quantization.methods[quant.method] : null;
  if (method?.encoding) return method.encoding;
  return dtype && Object.hasOwn(quantization.configDtypeToEncoding, dtype) ? quantization.configDtypeToEncoding[dtype] : null;
}

export function kvCacheDtype(encoding: string | null): string | null {
  return encoding && Object.hasOwn(quantization.encodings, encoding) ? quantization.encodings[encoding].kvCacheDtype : null;
}

export function estimateKvCache(lm: Scope, mla: boolean, encoding: string | null): KvCacheEstimate | null {
  const dtype = kvCacheDtype(encoding);
  const bytes = dtype ? quantization.dtypeBytes[dtype] : undefined;
  const layers = lm.num('num_hidden_layers');
  const maxPos = lm.num('max_position_embeddings');
  if (!dtype || !bytes || layers === null || maxPos === null) return null;
  let perToken: number;
  if (mla) {
    const latent = lm.num('kv_lora_rank');
    const rope = lm.num('qk_rope_head_dim');
    if (latent === null || rope === null) return null;
    perToken = layers * (latent + rope) * bytes;
  } else {
    const kv = lm.num('num_key_value_heads');
    const headDim = lm.num('head_dim');
    if (kv === null || headDim === null) return null;
    perToken = 2 * layers * kv * headDim * bytes;
  }
  const total = perToken * maxPos;
  // A hand-edited config may hold fractions or huge numbers: no estimate rather than a wrong one.
  if (!Number.isSafeInteger(perToken) || perToken <= 0 || !Number.isSafeInteger(total)) return null;
  return { bytesPerToken: perToken, dtype, bytesAtMaxLength: total };
}
