/**
 * analyzeConfig: config.json read the way transformers reads it, mapped to MAX
 * (the `bringup analyze --json` object of CLI-CONTRACT.md). Pure; never throws on any JSON value.
 */
import { chooseBaseline } from './baseline';
import { collectDiagnostics, diagnostic } from './diagnostics';
import { buildScopes, isNumber, isObject, type JsonObject, type Scope, type Scopes } from './effective';
import { detectFeatures } from './features';
import { listFields } from './fields';
import { encodingFor, estimateKvCache } from './kvcache';
import { estimateParameters } from './params';
import { isDeeperThan, MAX_JSON_DEPTH } from '../json/depth';
import { parseConfigText } from './parse';
import { readQuantization, summarizeQuantization } from './quant';
import { readRope, type RopeInfo } from './rope';
import type { ConfigAnalysis, Dimensions, FieldInfo, JsonValue } from './types';

export { parseConfigText } from './parse';
export type { ParseConfigResult } from './parse';

export interface AnalyzeOptions {
  /** The SOURCE as the user gave it (echoed in the result). */
  source?: string;
  /** The checkpoint's file list, when known: enables file-based diagnostics (.bin-only weights, quantize_config.json). */
  files?: readonly string[];
}

/** Extra dimensions (transformers names) that codegen and the weights check read when present. */
const EXTRA_DIMENSIONS = [
  'num_experts', 'num_local_experts', 'n_routed_experts', 'num_experts_per_tok', 'moe_intermediate_size', 'n_shared_experts',
  'shared_expert_intermediate_size', 'first_k_dense_replace', 'moe_layer_freq', 'decoder_sparse_step', 'mlp_only_layers',
  'norm_topk_prob', 'routed_scaling_factor', 'n_group', 'topk_group', 'scoring_func', 'topk_method',
  'q_lora_rank', 'kv_lora_rank', 'qk_nope_head_dim', 'qk_rope_head_dim', 'v_head_dim', 'num_nextn_predict_layers',
  'sliding_window', 'attn_logit_softcapping', 'final_logit_softcapping', 'query_pre_attn_scalar',
  'attention_bias', 'mlp_bias', 'layer_norm_eps', 'layer_norm_epsilon', 'original_max_position_embeddings',
  'embedding_multiplier', 'residual_multiplier', 'attention_multiplier', 'logits_scaling', 'logit_scale', 'clip_qkv',
  'swiglu_limit', 'swiglu_alpha', 'rope_local_base_freq', 'max_window_layers', 'use_sliding_window', 'num_decoder_layers',
];

export function analyzeConfig(raw: unknown, options: AnalyzeOptions = {}): ConfigAnalysis {
  const source = options.source ?? '';
  if (!isObject(raw)) return unreadable(source, 'not-an-object', { kind: raw === null ? 'null' : Array.isArray(raw) ? 'an array' : `a ${typeof raw}` });
  // Deeper than Python's json module can read: transformers cannot load it, and nothing below may recurse into it.
  if (isDeeperThan(raw)) return unreadable(source, 'too-deep', { limit: MAX_JSON_DEPTH });
  const config = raw as JsonObject;
  const scopes = buildScopes(config);
  const rope = readRope(scopes.lm);
  const quant = readQuantization(scopes, options.files);
  const features = detectFeatures(scopes, rope, quant);
  const architecture = Array.isArray(config.architectures) && typeof config.architectures[0] === 'string' ? config.architectures[0] : null;
  const modelType = typeof config.model_type === 'string' ? config.model_type : null;
  const { dtype, dtypePath } = readDtype(scopes);
  const baseline = chooseBaseline(architecture, scopes, features);
  const { fields, unknown } = listFields(scopes, rope);
  const encoding = encodingFor(dtype, quant);
  const quantSummary = summarizeQuantization(quant);
  const diagnostics = collectDiagnostics({
    scopes, rope, quant, baseline, features, architecture, dtype, dtypePath, encoding, files: options.files, unknownFields: unknown, quantSummary,
  });
  return {
    source,
    architecture,
    modelType,
    dtype,
    baseline,
    dimensions: dimensionsOf(scopes.lm, rope),
    features,
    fields,
    diagnostics,
    kvCache: estimateKvCache(scopes.lm, features.includes('mla'), encoding),
    parameterEstimate: estimateParameters(scopes.lm, features),
    quantization: quantSummary,
  };
}

export type AnalyzeTextResult =
  | { ok: true; analysis: ConfigAnalysis }
  | { ok: false; message: string; line: number; column: number; offset: number };

/** Parse then analyse; invalid JSON gives the position (for an editor marker) instead of an analysis. */
export function analyzeConfigText(text: string, fileLabel: string, options: AnalyzeOptions = {}): AnalyzeTextResult {
  const parsed = parseConfigText(text, fileLabel);
  if (!parsed.ok) return parsed;
  return { ok: true, analysis: analyzeConfig(parsed.value, options) };
}

/** The per-field effective view for the editor (present fields and the values transformers fills in). */
export function effectiveFields(analysis: ConfigAnalysis): FieldInfo[] {
  return analysis.fields;
}

function readDtype(scopes: Scopes): { dtype: string | null; dtypePath: string } {
  for (const scope of [scopes.top, scopes.lm]) {
    for (const key of ['dtype', 'torch_dtype']) {
      const v = scope.raw[key];
      if (typeof v === 'string' && v !== 'auto') return { dtype: v, dtypePath: scope.pathOf(key) };
    }
  }
  return { dtype: null, dtypePath: 'torch_dtype' };
}

function dimensionsOf(lm: Scope, rope: RopeInfo): Dimensions {
  const num = (k: string) => lm.num(k);
  const act = lm.get('hidden_act');
  const tie = lm.get('tie_word_embeddings');
  const dims: Dimensions = {
    hidden_size: num('hidden_size'),
    num_hidden_layers: num('num_hidden_layers'),
    num_attention_heads: num('num_attention_heads'),
    num_key_value_heads: num('num_key_value_heads'),
    head_dim: num('head_dim'),
    intermediate_size: num('intermediate_size'),
    vocab_size: num('vocab_size'),
    max_position_embeddings: num('max_position_embeddings'),
    rope_theta: rope.theta,
    rms_norm_eps: num('rms_norm_eps'),
    hidden_act: typeof act === 'string' ? act : null,
    tie_word_embeddings: typeof tie === 'boolean' ? tie : null,
  };
  if (rope.type) dims.rope_type = rope.type;
  if (rope.partialRotaryFactor !== null) dims.partial_rotary_factor = rope.partialRotaryFactor;
  for (const k of ['factor', 'original_max_position_embeddings', 'low_freq_factor', 'high_freq_factor', 'beta_fast', 'beta_slow', 'mscale', 'mscale_all_dim']) {
    const v = rope.params[k];
    if (isNumber(v)) dims[`rope_${k.replace(/^rope_/, '')}`] = v;
  }
  for (const k of EXTRA_DIMENSIONS) {
    const v = lm.get(k);
    if (v === undefined || v === null) continue;
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') dims[k] = v;
    else if (Array.isArray(v) && v.every(isNumber)) dims[k] = v as number[];
  }
  return dims;
}

/** The analysis of a config transformers cannot read at all: one error, nothing else. */
function unreadable(source: string, code: string, values: Record<string, string | number>): ConfigAnalysis {
  return {
    source, architecture: null, modelType: null, dtype: null,
    baseline: { folder: null, name: null, match: 'none', why: code === 'too-deep' ? 'config.json is nested deeper than transformers can read.' : 'config.json is not a JSON object.' },
    dimensions: {
      hidden_size: null, num_hidden_layers: null, num_attention_heads: null, num_key_value_heads: null, head_dim: null,
      intermediate_size: null, vocab_size: null, max_position_embeddings: null, rope_theta: null, rms_norm_eps: null,
      hidden_act: null, tie_word_embeddings: null,
    },
    features: [], fields: [], diagnostics: [diagnostic(code, '', values)], kvCache: null, parameterEstimate: null, quantization: null,
  };
}

export type { JsonValue };
