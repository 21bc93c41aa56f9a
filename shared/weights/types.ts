/**
 * What `bringup weights` and the weights step of the UI show: the contract object of
 * CLI-CONTRACT.md plus what the UI needs. The tensor list is column-wise (one array per column)
 * so a 91,000-tensor checkpoint stays a handful of arrays, not 91,000 nested objects.
 */
export type WeightFormat = 'safetensors' | 'gguf';

/** Tensor name → its row in the tensor table. */
export interface NameIndex {
  get(name: string): number | undefined;
}

export interface TensorTable {
  names: string[];
  /** safetensors dtype (`BF16`, `F8_E4M3`, ...) or GGML type name (`Q4_K`, `F32`, ...). */
  dtypes: string[];
  /** Row-major shapes, as PyTorch reports them (GGUF's reversed ggml order is turned around). */
  shapes: number[][];
  /** Index into `WeightsReport.files`. */
  files: number[];
}

export interface WeightFile {
  name: string;
  bytes: number;
  headerBytes: number;
  tensorCount: number;
}

export type CheckStatus = 'ok' | 'mismatch' | 'missing';

export interface WeightCheck {
  /** The config field, by its transformers name (the JSON path in config.json). */
  field: string;
  status: CheckStatus;
  /** The effective config value (after aliases and defaults), or null when config.json has none. */
  expected: number | boolean | null;
  /** What the weights say, or null when the tensor that would say it is absent. */
  actual: number | boolean | null;
  /** The tensor the answer comes from. */
  tensor: string | null;
  message: string;
  /** Where the expected value came from: config.json itself, a transformers default, or derived. */
  origin?: 'config' | 'default' | 'derived' | null;
}

export interface ShapeMismatch {
  tensor: string;
  expected: (number | null)[];
  actual: number[];
  /** Config fields the expected shape is computed from. */
  fields: string[];
}

export interface FusedTensor {
  tensor: string;
  parts: string[];
}

export interface NameMapping {
  /** The MAX donor folder (`llama3`, `qwen3`, `deepseekV3`, ...), or null. */
  baseline: string | null;
  /** False when the knowledge base has no rename map or slot list for this donor. */
  known: boolean;
  mapped: number;
  unmappedCheckpoint: string[];
  unfilledModel: string[];
  /** Ordered `str.replace` pairs, checkpoint name → MAX name, for the generated weight_adapters.py. */
  renames: { from: string; to: string }[];
  /** Checkpoint tensors the donor's adapter drops on purpose (MTP layer, k/v scales, rope_freqs). */
  /** Checkpoint tensors that are not weights for MAX: dropped by the donor's adapter (MTP layer, k/v scales, rope_freqs) or saved buffers (rotary inv_freq). */
  dropped: string[];
  /** Fused checkpoint tensors standing for several MAX slots (stacked qkv / gate_up). */
  fused: FusedTensor[];
  /** lm_head has no tensor of its own: it is tied to the embedding. */
  tiedLmHead: boolean;
  /** False when the donor loads with strict=False: unmapped tensors fail silently there. */
  strict: boolean | null;
}

export type Component = 'embeddings' | 'attention' | 'mlp' | 'experts' | 'norms' | 'lm_head' | 'other';

export interface ComponentTotals {
  parameters: number;
  bytes: number;
  tensors: number;
}

export interface WeightsReport {
  source: string;
  format: WeightFormat;
  files: WeightFile[];
  tensorCount: number;
  parameterCount: number;
  parametersByDtype: Record<string, number>;
  tensors: TensorTable;
  checks: WeightCheck[];
  mapping: NameMapping;
  /** The knowledge-base family the cross-check used (`llama`, `deepseek_v3`, ...), or null. */
  family: string | null;
  components: Record<Component, ComponentTotals>;
  /** Bytes of the weight files on disk (headers included). */
  bytesOnDisk: number;
  /** Memory for the weights at the checkpoint's MAX encoding, where the encoding is known. */
  memory: { encoding: string; bytes: number } | null;
  shapeMismatches: ShapeMismatch[];
  /** Non-fatal findings: tensors a shard holds that the index does not list, extra files, ... */
  warnings: string[];
  /** `__metadata__` of the first safetensors file or the GGUF key/values (inert text). */
  metadata: Record<string, string>;
}
