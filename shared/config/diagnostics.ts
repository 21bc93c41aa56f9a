/** Diagnostics with stable codes; severity and wording come from resources/kb/pitfalls.json. */
import { activations, codeStructure, donorGraph, LLAMA3_CONFIG_ROPE_TYPES, maxArchitectureByFolder, modelTypeKb, pitfalls, quantization, textConfigRules } from './kb';
import { isNumber, isObject, type Scopes } from './effective';
import { modelTypesOf } from './features';
import type { QuantInfo } from './quant';
import type { RopeInfo } from './rope';
import type { Baseline, Diagnostic, JsonValue, QuantizationSummary } from './types';
import { kindOf, typeMismatches } from './valueTypes';

export function diagnostic(code: string, path: string, values: Record<string, string | number> = {}): Diagnostic {
  const p = pitfalls[code];
  if (!p) return { severity: 'info', code, path, message: code };
  const message = p.message.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
  return { severity: p.severity, code, path, message };
}

export interface DiagnosticContext {
  scopes: Scopes;
  rope: RopeInfo;
  quant: QuantInfo | null;
  baseline: Baseline;
  features: readonly string[];
  architecture: string | null;
  dtype: string | null;
  dtypePath: string;
  encoding: string | null;
  files?: readonly string[];
  unknownFields: string[];
  quantSummary: QuantizationSummary | null;
}

/** Folders whose config is Llama3Config or a subclass (they read rope_scaling the Llama3Config way). */
function usesLlama3Config(folder: string | null): boolean {
  const arch = folder ? maxArchitectureByFolder(folder) : null;
  return Boolean(arch && (arch.configClass === 'Llama3Config' || (arch.configBase ?? '').includes('Llama3Config')));
}

export function collectDiagnostics(ctx: DiagnosticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { scopes, rope, quant, baseline } = ctx;
  const top = scopes.top.raw;
  const lm = scopes.lm;
  const folder = baseline.folder;

  if (!Array.isArray(top.architectures) || typeof top.architectures[0] !== 'string') out.push(diagnostic('no-architectures', 'architectures'));
  if (typeof top.model_type !== 'string') out.push(diagnostic('no-model-type', 'model_type'));
  for (const scope of new Set([scopes.top, lm])) {
    if (scope.modelType && !scope.kb && !(scope === lm && scopes.lmFrom === 'flat')) {
      const aliasNote = scope.usedForeignAliases ? ' (and aliases other model types use, such as n_embd)' : '';
      out.push(diagnostic('unknown-model-type', scope.pathOf('model_type'), { modelType: scope.modelType, aliasNote }));
    }
  }
  if (scopes.lmFrom === 'flat') out.push(diagnostic('text-config-missing', '', { how: 'the top-level fields (legacy flat config)' }));
  if (scopes.lmFrom === 'class-default') out.push(diagnostic('text-config-missing', '', { how: `the class defaults of ${lm.kb?.class ?? lm.modelType}` }));

  if (isObject(top.auto_map)) {
    const classes = Object.values(top.auto_map).filter((v) => typeof v === 'string').join(', ');
    if (scopes.top.kb && top.model_type) out.push(diagnostic('remote-code-known-type', 'auto_map', { classes, modelType: String(top.model_type) }));
    else out.push(diagnostic('remote-code', 'auto_map', { classes, unknownCount: ctx.unknownFields.length }));
  }
  if (typeof top.dtype === 'string' && typeof top.torch_dtype === 'string' && top.dtype !== top.torch_dtype) {
    out.push(diagnostic('dtype-fields-disagree', 'dtype', { dtype: top.dtype, torchDtype: top.torch_dtype }));
  }
  checkTextConfig(ctx, out);
  checkDimensions(ctx, out);
  checkRope(ctx, out, usesLlama3Config(folder));
  checkActivation(ctx, out);
  checkQuantization(ctx, out);
  checkFiles(ctx, out);
  checkCodeStructure(ctx, out);

  if (baseline.match === 'native' && ctx.architecture) out.push(diagnostic('builtin-name', 'architectures', { name: ctx.architecture, folder: folder ?? '' }));
  const donor = folder ? maxArchitectureByFolder(folder) : null;
  const castable = (enc: string) => quantization.castableEncodings.some(([from, to]) => from === enc && donor!.supportedEncodings.includes(to));
  if (donor && ctx.encoding && !quant && !donor.supportedEncodings.includes(ctx.encoding) && !castable(ctx.encoding)) {
    out.push(diagnostic('encoding-not-supported-by-donor', ctx.dtypePath, { dtype: ctx.dtype ?? '', encoding: ctx.encoding, folder: donor.folder, supported: donor.supportedEncodings.join(', ') }));
  }
  if (ctx.dtype && ctx.encoding) out.push(diagnostic('dtype-from-encoding', ctx.dtypePath, { field: ctx.dtypePath, encoding: ctx.encoding }));
  const maxPos = lm.num('max_position_embeddings');
  // Bounded: ArchConfigWithBoundedMaxSeqLen and the StoredKVParams mixin that extends it; VL wrappers delegate to their text config.
  const base = donor?.configBase ?? '';
  if (maxPos !== null && donor && /Bounded|StoredKVParams|Llama3Config/.test(base) && !/Permissive|ArchVLConfigWithTextSubconfig/.test(base)) {
    out.push(diagnostic('max-length-bounded', lm.fields.get('max_position_embeddings')!.path, { maxPos }));
  }
  if (usesLlama3Config(folder) && baseline.match === 'family') {
    const what = [ctx.features.includes('attention-bias') && 'attention', ctx.features.includes('mlp-bias') && 'MLP'].filter(Boolean).join(' and ');
    if (what) out.push(diagnostic('attention-bias-override', lm.pathOf('attention_bias'), { what: what[0].toUpperCase() + what.slice(1) }));
  }
  if (folder && /^deepseekV3|^glm5_1|^kimik2_5/.test(folder)) {
    const act = lm.str('hidden_act');
    if (act && act !== 'silu') out.push(diagnostic('deepseek-silu-only', lm.fields.get('hidden_act')!.path, { folder, act }));
    if (lm.get('tie_word_embeddings') === true) out.push(diagnostic('deepseek-tied-embeddings', lm.pathOf('tie_word_embeddings'), { folder }));
    if (rope.type && rope.type !== 'default' && rope.type !== 'yarn') {
      out.push(diagnostic('rope-type-rejected', rope.path, { folder, accepted: 'yarn', ropeType: rope.type }));
    }
  }
  return withTypeErrors(ctx, out);
}

/** A value of the wrong JSON type is one diagnostic at its path: it replaces what other checks say about that path. */
function withTypeErrors(ctx: DiagnosticContext, out: Diagnostic[]): Diagnostic[] {
  const typeErrors = typeMismatches(ctx.scopes).map((m) => diagnostic(m.owner ? 'wrong-type' : 'wrong-type-unverified', m.path, {
    path: m.path, field: m.field, expected: m.expected, got: m.got, owner: m.owner ?? '',
  }));
  const wrong = new Set(typeErrors.map((d) => d.path));
  return [...typeErrors, ...out.filter((d) => !wrong.has(d.path))];
}

/** How the language model's fields relate to the top level of a composite config (text-configs.json). */
function checkTextConfig(ctx: DiagnosticContext, out: Diagnostic[]): void {
  const { scopes } = ctx;
  const { top, lm } = scopes;
  const owner = top.kb?.class ?? top.modelType ?? 'the config class';
  const list = (fields: string[], value: (f: string) => string) => fields.map((f) => `${f} ${value(f)}`).join(', ');
  const { applied, ignored, assumed } = scopes.topLevel;
  // Only the fields whose class default differs: the others give the same model in every version.
  const defaultOf = (f: string): JsonValue | undefined => (lm.kb && Object.hasOwn(lm.kb.defaults, f) ? lm.kb.defaults[f] : undefined);
  const moved = applied.filter((f) => top.raw[f] !== defaultOf(f));
  if (moved.length) {
    out.push(diagnostic('text-config-top-level-fields', moved[0], { fields: moved.join(', '), owner, defaults: list(moved, (f) => short(defaultOf(f))) }));
  }
  const differs = ignored.filter((f) => top.raw[f] !== lm.get(f));
  if (differs.length) {
    const used = list(differs, (f) => { const e = lm.fields.get(f); return e ? `${short(e.value)} (${e.origin === 'config' ? 'text_config' : e.note || e.origin})` : 'unset'; });
    out.push(diagnostic('text-config-top-level-ignored', differs[0], { fields: list(differs, (f) => `(${short(top.raw[f])})`), owner, used }));
  }
  if (assumed.length) out.push(diagnostic('text-config-top-level-assumed', assumed[0], { modelType: top.modelType ?? 'this model type', fields: assumed.join(', ') }));

  const subTie = isObject(top.raw[scopes.lmFrom]) ? (top.raw[scopes.lmFrom] as Record<string, JsonValue>).tie_word_embeddings : undefined;
  const topTie = top.raw.tie_word_embeddings;
  if (typeof topTie === 'boolean' && typeof subTie === 'boolean' && topTie !== subTie) {
    out.push(diagnostic('tie-word-embeddings-disagree', 'tie_word_embeddings', { top: String(topTie), text: String(subTie) }));
  }

  const tower = top.raw[textConfigRules.legacyLlava.signal];
  if (typeof tower === 'string' && tower) {
    const transformersNote = scopes.lmFrom !== 'llava'
      ? 'Its language model type is not in the knowledge base: read the LLaVA fork\'s code for it.'
      : top.kb
        ? `transformers' own ${top.modelType} model type reads this file as its nested ${top.kb.class} and would build the language model from class defaults, not from these fields: serve it with the LLaVA code or convert it to the transformers layout (text_config, vision_config).`
        : `transformers does not know model_type '${top.modelType}': it needs the LLaVA code.`;
    out.push(diagnostic('llava-original', textConfigRules.legacyLlava.signal, { tower: short(tower), lmClass: lm.kb?.class ?? 'language-model', transformersNote }));
  }
}

/** Structure only the modeling code shows (code-structure.json), or that the knowledge base has not read it. */
function checkCodeStructure(ctx: DiagnosticContext, out: Diagnostic[]): void {
  const types = modelTypesOf(ctx.scopes);
  const known = types.filter((t) => codeStructure(t));
  const notes = new Set(known.flatMap((t) => codeStructure(t)!.notes ?? []));
  for (const note of notes) out.push(diagnostic('code-structure', '', { modelType: known.find((t) => codeStructure(t)!.notes?.includes(note))!, note }));
  // Model types outside the KB and remote code already have their own diagnostics.
  const { top, lm } = ctx.scopes;
  if (!known.length && (top.kb || lm.kb) && !isObject(top.raw.auto_map)) {
    out.push(diagnostic('code-structure-unknown', 'model_type', { modelType: top.modelType ?? lm.modelType ?? types[0] }));
  }
}

const short = (v: JsonValue | undefined): string => (v === undefined ? 'unset' : typeof v === 'string' ? JSON.stringify(v.length > 60 ? v.slice(0, 60) + '…' : v) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : kindOf(v));

function checkDimensions(ctx: DiagnosticContext, out: Diagnostic[]): void {
  const lm = ctx.scopes.lm;
  for (const field of ['hidden_size', 'num_hidden_layers', 'num_attention_heads', 'vocab_size', 'max_position_embeddings', 'intermediate_size']) {
    const f = lm.fields.get(field);
    // Other JSON types are wrong-type diagnostics (valueTypes.ts); here numbers that are not sizes.
    if (f && typeof f.value === 'number' && !(Number.isInteger(f.value) && f.value > 0)) {
      out.push(diagnostic('invalid-value', f.path, { field, expected: 'a positive integer', got: String(f.value) }));
    }
  }
  const hidden = lm.num('hidden_size');
  const heads = lm.num('num_attention_heads');
  const kv = lm.num('num_key_value_heads');
  const isCount = (n: number | null): n is number => n !== null && Number.isSafeInteger(n) && n > 0;
  if (isCount(heads) && isCount(kv) && heads % kv !== 0 && !ctx.features.includes('mla')) {
    out.push(diagnostic('kv-heads-not-divisor', lm.fields.get('num_key_value_heads')!.path, { heads, kv }));
  }
  if (lm.get('head_dim') == null && hidden !== null && heads !== null && heads > 0 && hidden % heads !== 0 && !ctx.features.includes('mla')) {
    out.push(diagnostic('head-dim-not-derivable', lm.pathOf('hidden_size'), { hidden, heads }));
  }
  const kvField = lm.fields.get('num_key_value_heads');
  if (kvField && kvField.origin !== 'config' && !ctx.features.includes('mla') && isNumber(kvField.value) && usesLlama3Config(ctx.baseline.folder)) {
    out.push(diagnostic('kv-heads-not-in-config', lm.pathOf('num_key_value_heads'), { value: kvField.value, how: kvField.note || `${lm.kb?.class ?? 'class'} default` }));
  }
  if (!ctx.features.includes('mla')) {
    for (const field of ['num_hidden_layers', 'num_key_value_heads', 'head_dim']) {
      if (lm.num(field) === null) out.push(diagnostic('missing-dimension', lm.pathOf(field), { field }));
    }
  }
  const gate = lm.kb?.slidingWindowGate;
  const rawSw = lm.raw.sliding_window;
  if (gate && isNumber(rawSw) && lm.get(gate) !== true) out.push(diagnostic('sliding-window-disabled', lm.pathOf('sliding_window'), { value: rawSw, gate }));
}

function checkRope(ctx: DiagnosticContext, out: Diagnostic[], llama3Config: boolean): void {
  const { rope, baseline } = ctx;
  const path = rope.path;
  for (const key of rope.missingKeys) out.push(diagnostic('rope-missing-key', path ? `${path}.${key}` : key, { ropeType: rope.type ?? '', key }));
  if (rope.unknownType && rope.type) out.push(diagnostic('rope-unknown-type', path, { ropeType: rope.type }));
  if (llama3Config && rope.perLayer && rope.format === 'v5') out.push(diagnostic('rope-parameters-per-layer', path));
  if (llama3Config && !rope.perLayer && rope.type && !LLAMA3_CONFIG_ROPE_TYPES.includes(rope.type)) {
    out.push(diagnostic('rope-type-ignored', rope.typePath, { ropeType: rope.type, folder: baseline.folder ?? '' }));
  }
  if (rope.type === 'yarn') {
    const factor = rope.params.factor;
    const orig = rope.params.original_max_position_embeddings;
    const maxPos = ctx.scopes.lm.num('max_position_embeddings');
    if (isNumber(factor) && isNumber(orig) && maxPos !== null && orig > 0) {
      const ratio = maxPos / orig;
      if (ratio !== 1 && Math.abs(ratio - factor) > 1e-9) out.push(diagnostic('yarn-factor-versions', `${path}.factor`, { factor, ratio }));
    }
  }
}

function checkActivation(ctx: DiagnosticContext, out: Diagnostic[]): void {
  const lm = ctx.scopes.lm;
  const field = lm.fields.get('hidden_act');
  const act = lm.str('hidden_act');
  if (!field || !act) return;
  const a = Object.hasOwn(activations.activations, act) ? activations.activations[act] : null;
  const fixed = donorGraph(ctx.baseline.folder)?.fixedActivation;
  if (fixed && !fixed.includes(act)) {
    out.push(diagnostic('hidden-act-ignored', field.path, { act }));
  } else if (a?.maxName && a.maxName !== act) {
    out.push(diagnostic('activation-needs-mapping', field.path, { act, maxName: a.maxName }));
  } else if (!activations.maxKnownNames.includes(act)) {
    out.push(diagnostic('activation-unsupported', field.path, { act }));
  }
  const before = lm.kb?.activationBefore;
  if (before && lm.raw[before.field] === undefined) {
    out.push(diagnostic('activation-version-difference', field.path, { field: before.field, versions: before.versions, fallback: before.fallback, act, used: lm.kb?.activationField ?? 'hidden_act' }));
  }
  // Gemma v1 files carry hidden_act='gelu' and hidden_activation='gelu_pytorch_tanh': different functions.
  const pairs: [string, string][] = [['hidden_act', 'hidden_activation'], ['hidden_act', 'activation_function']];
  for (const [x, y] of pairs) {
    const vx = lm.raw[x];
    const vy = lm.raw[y];
    if (typeof vx === 'string' && typeof vy === 'string' && vx !== vy) {
      const used = lm.kb?.activationField ?? 'unknown (model type not in the KB)';
      out.push(diagnostic('activation-fields-disagree', lm.pathOf(y), { fieldA: x, valueA: vx, fieldB: y, valueB: vy, modelType: lm.modelType ?? '', used }));
    }
  }
}

function checkQuantization(ctx: DiagnosticContext, out: Diagnostic[]): void {
  const q = ctx.quant;
  if (!q) return;
  const summary = ctx.quantSummary;
  if (summary?.weightsDtype) {
    out.push(diagnostic('weights-quantized', summary.path, {
      method: summary.method, weightsDtype: summary.weightsDtype, scheme: summary.scheme ? `, ${summary.scheme}` : '',
      dtypeField: ctx.dtypePath, dtype: ctx.dtype ?? 'unset',
    }));
  }
  if (q.fromFile) {
    out.push(diagnostic('gptq-in-quantize-config', q.path));
    return;
  }
  if (!quantization.maxAcceptedMethods.includes(q.method)) {
    out.push(diagnostic('quantization-unsupported', `${q.path}${q.path.endsWith('quantization_config') ? '.quant_method' : ''}`, { method: q.method, accepted: quantization.maxAcceptedMethods.join(', ') }));
  }
  const method = Object.hasOwn(quantization.methods, q.method) ? quantization.methods[q.method] : null;
  if (method?.requiresDtype && ctx.dtype !== method.requiresDtype) out.push(diagnostic('gptq-needs-float16', ctx.dtypePath, { dtype: ctx.dtype ?? 'unset' }));
  const block = q.config.weight_block_size;
  if (q.method === 'fp8' && Array.isArray(block) && !(block.length === 2 && block[0] === 128 && block[1] === 128)) {
    out.push(diagnostic('fp8-block-size', `${q.path}.weight_block_size`, { blockSize: JSON.stringify(block) }));
  }
}

function checkFiles(ctx: DiagnosticContext, out: Diagnostic[]): void {
  const files = ctx.files;
  if (!files || files.length === 0) return;
  const hasBin = files.some((f) => /\.bin$/.test(f) && /(pytorch_model|model)[^/]*\.bin$/.test(f));
  const hasLoadable = files.some((f) => /\.(safetensors|gguf)$/.test(f));
  if (hasBin && !hasLoadable) out.push(diagnostic('bin-only-weights', ''));
}

/** Model types the KB knows: re-exported so callers need not import kb for one lookup. */
export const isKnownModelType = (t: string | null): boolean => modelTypeKb(t) !== null;
