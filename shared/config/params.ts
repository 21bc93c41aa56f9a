/**
 * Parameter count estimated from the config alone (weights of embeddings, attention, MLP or experts,
 * norms; biases left out). null when a size it needs is unknown, or the model type's MLP shape is
 * not in the knowledge base.
 */
import { isNumber, type Scope } from './effective';

const MAX_LAYERS = 100_000;
const isSize = (v: number): boolean => Number.isSafeInteger(v) && v > 0;

export function estimateParameters(lm: Scope, features: readonly string[]): number | null {
  const n = (k: string) => lm.num(k);
  const hidden = n('hidden_size');
  const layers = n('num_hidden_layers');
  const heads = n('num_attention_heads');
  const vocab = n('vocab_size');
  const mlpKind = lm.kb?.mlp;
  if (hidden === null || layers === null || heads === null || vocab === null || !mlpKind) return null;
  // Sizes must be positive integers (a hand-edited config may say anything); the layer loop is bounded.
  if (![hidden, heads, vocab].every(isSize) || !isSize(layers) || layers > MAX_LAYERS) return null;
  const mlpFactor = mlpKind === 'gated' ? 3 : 2;
  const tied = lm.get('tie_word_embeddings') === true;
  const embeddings = vocab * hidden * (tied ? 1 : 2);

  const attention = features.includes('mla') ? mlaAttention(lm, hidden, heads) : standardAttention(lm, hidden, heads);
  if (attention === null) return null;

  const inter = n('intermediate_size');
  const denseMlp = inter === null ? null : mlpFactor * hidden * inter;
  const experts = n('num_experts') ?? n('num_local_experts') ?? n('n_routed_experts');
  let mlpTotal = 0;
  for (let i = 0; i < layers; i++) {
    if (experts && experts > 0 && isMoeLayer(lm, i)) {
      const expertInter = n('moe_intermediate_size') ?? inter;
      if (expertInter === null) return null;
      let layer = experts * mlpFactor * hidden * expertInter + hidden * experts; // experts + router
      const shared = n('n_shared_experts');
      if (shared) layer += shared * mlpFactor * hidden * expertInter;
      const sharedInter = n('shared_expert_intermediate_size');
      if (sharedInter) layer += mlpFactor * hidden * sharedInter + hidden; // shared expert + its gate
      mlpTotal += layer;
    } else {
      if (denseMlp === null) return null;
      mlpTotal += denseMlp;
    }
  }
  const norms = layers * 2 * hidden + hidden;
  const total = embeddings + layers * attention + mlpTotal + norms;
  // Sizes a hand edit made huge, fractional or negative: no estimate rather than Infinity or a wrong one.
  return Number.isSafeInteger(total) && total > 0 ? total : null;
}

function standardAttention(lm: Scope, hidden: number, heads: number): number | null {
  const kv = lm.num('num_key_value_heads');
  const headDim = lm.num('head_dim');
  if (kv === null || headDim === null) return null;
  return hidden * heads * headDim * 2 + hidden * kv * headDim * 2; // q, o + k, v
}

function mlaAttention(lm: Scope, hidden: number, heads: number): number | null {
  const qLora = lm.num('q_lora_rank');
  const kvLora = lm.num('kv_lora_rank');
  const nope = lm.num('qk_nope_head_dim');
  const rope = lm.num('qk_rope_head_dim');
  const v = lm.num('v_head_dim');
  if (kvLora === null || nope === null || rope === null || v === null) return null;
  const qHead = nope + rope;
  const q = qLora ? hidden * qLora + qLora + qLora * heads * qHead : hidden * heads * qHead; // q_a (+ norm) + q_b, or q_proj
  const kv = hidden * (kvLora + rope) + kvLora + kvLora * heads * (nope + v); // kv_a (+ norm) + kv_b
  return q + kv + heads * v * hidden; // + o_proj
}

/** DeepSeek: first_k_dense_replace and moe_layer_freq; Qwen MoE: mlp_only_layers and decoder_sparse_step. */
function isMoeLayer(lm: Scope, i: number): boolean {
  const firstDense = lm.num('first_k_dense_replace');
  if (firstDense !== null && i < firstDense) return false;
  const freq = lm.num('moe_layer_freq');
  if (freq !== null && freq > 0 && i % freq !== 0) return false;
  const only = lm.get('mlp_only_layers');
  if (Array.isArray(only) && only.some((x) => isNumber(x) && x === i)) return false;
  const step = lm.num('decoder_sparse_step');
  if (step !== null && step > 0 && (i + 1) % step !== 0) return false;
  return true;
}
