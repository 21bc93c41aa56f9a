/**
 * The analysis of one config.json: the `bringup analyze --json` object of CLI-CONTRACT.md plus
 * what the UI needs (text positions are found from `path` with jsonc-parser, not stored here).
 * Fields may be added; the contract's names keep their meaning.
 */
export type FieldCategory =
  | 'identity' | 'dimension' | 'structural' | 'macro' | 'quantization' | 'tokens' | 'training' | 'unknown';

export type FieldOrigin = 'config' | 'default' | 'derived';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface FieldInfo {
  /** Dotted JSON path in config.json, e.g. "rope_scaling.rope_type" or "text_config.hidden_size". */
  path: string;
  category: FieldCategory;
  value: JsonValue;
  origin: FieldOrigin;
  /** One line: what this field means for the port. */
  note: string;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Stable kebab-case id. */
  code: string;
  /** Dotted JSON path the diagnostic concerns ('' for the whole file). */
  path: string;
  message: string;
}

export interface Baseline {
  folder: string | null;
  name: string | null;
  match: 'native' | 'family' | 'none';
  why: string;
}

export interface Dimensions {
  hidden_size: number | null;
  num_hidden_layers: number | null;
  num_attention_heads: number | null;
  num_key_value_heads: number | null;
  head_dim: number | null;
  intermediate_size: number | null;
  vocab_size: number | null;
  max_position_embeddings: number | null;
  rope_theta: number | null;
  rms_norm_eps: number | null;
  hidden_act: string | null;
  tie_word_embeddings: boolean | null;
  /** Further effective values (MoE, MLA, sliding window, ...) by their transformers names. */
  [extra: string]: number | string | boolean | null | number[] | undefined;
}

export interface KvCacheEstimate {
  bytesPerToken: number;
  dtype: string;
  bytesAtMaxLength: number;
}

/** How the checkpoint's weights are quantized, beyond the `dtype` that names only the unquantized parts. */
export interface QuantizationSummary {
  /** quant_method as written, lowercased ('mlx' for MLX's `quantization`, 'gptq' when only quantize_config.json says so). */
  method: string;
  /** Where it is said: a config path (quantization_config) or a file name. */
  path: string;
  /** How the quantized weight tensors are stored, e.g. 'float8_e4m3fn'; null when the knowledge base cannot tell. */
  weightsDtype: string | null;
  /** Block or group layout and where the scales are, e.g. '128×128 blocks, one scale per block in *.weight_scale_inv'; null when unknown. */
  scheme: string | null;
}

export interface ConfigAnalysis {
  source: string;
  architecture: string | null;
  modelType: string | null;
  dtype: string | null;
  baseline: Baseline;
  dimensions: Dimensions;
  features: string[];
  fields: FieldInfo[];
  diagnostics: Diagnostic[];
  kvCache: KvCacheEstimate | null;
  /** Parameter estimate from the config alone, or null where it cannot be estimated. */
  parameterEstimate?: number | null;
  /** The quantization of the weights (FP8 blocks, MXFP4, GPTQ, ...), or null for unquantized checkpoints. */
  quantization?: QuantizationSummary | null;
}
