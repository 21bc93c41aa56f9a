#!/usr/bin/env node
// Generates the knowledge-base files that are plain projections of the reference data:
//   resources/kb/max-architectures.json  <- reference/max-architectures.json
//   resources/kb/model-types.json        <- reference/transformers-defaults.json (+ DERIVATIONS below)
//   resources/kb/rope-types.json         <- reference/transformers-defaults.json rope_types
//   resources/kb/activations.json        <- reference/transformers-defaults.json activations (+ MAX names, max-facts §2.2)
// Usage: node scripts/kb/build-kb.mjs [path/to/shared/reference]
// Re-run after the reference files change; the output is committed so the app never reads reference/.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const refDir = resolve(process.argv[2] ?? join(root, '..', 'shared', 'reference'));
const kbDir = join(root, 'resources', 'kb');
const read = (name) => JSON.parse(readFileSync(join(refDir, name), 'utf8'));
const write = (name, value) => writeFileSync(join(kbDir, name), JSON.stringify(value, null, 2) + '\n');

const TRANSFORMERS = 'huggingface/transformers';
const TRANSFORMERS_COMMIT = '008e574391258935f3ecc3035c882e73bbcac419';
const MAX_REPO = 'modular/modular';
const MAX_COMMIT = 'c7fec4f865c841f615e773392c2253f336c4c85f';

// ---------------------------------------------------------------- MAX architectures
// One row per folder and SupportedArchitecture (the 79 registered ones plus helper folders). Used by
// shared/config (donor choice, diagnostics) and by shared/codegen (what generated code imports).
const archs = read('max-architectures.json');

/** `key=value` out of a reference row's `notes` (read from the row's arch.py), or null. */
function noteValue(notes, key) {
  const m = new RegExp(`(?:^|;\\s*)${key}=([^;]+)`).exec(notes ?? '');
  return m ? m[1].trim() : null;
}

/** "max/python/max/pipelines/architectures/llama3/model_config.py" -> "max.pipelines.architectures.llama3.model_config". */
function moduleOf(path) {
  if (!path) return null;
  const m = /^max\/python\/(max\/.+)\.py$/.exec(path);
  if (!m) throw new Error(`config_defined_in: unexpected path ${path}`);
  return m[1].replaceAll('/', '.');
}

write('max-architectures.json', {
  _source: {
    repo: MAX_REPO, commit: MAX_COMMIT, path: 'max/python/max/pipelines/architectures/',
    reference: 'max-architectures.json (one entry per folder and SupportedArchitecture; max-facts.md §1)',
    generatedBy: 'scripts/kb/build-kb.mjs',
    fields: {
      'folder, names, registered, task, multimodal, notes': 'the reference row as is',
      'defaultEncoding, supportedEncodings, weightFormats, exampleRepoIds, configClass, configBase': 'default_encoding, supported_encodings, weight_formats, example_repo_ids, config_class, config_base',
      configBases: 'config_base split on ","',
      archVariable: 'arch_variable (the SupportedArchitecture variable in the folder\'s arch.py)',
      configModule: 'config_defined_in as a module path (the file that defines configClass), source.configDefinedIn',
      pipelineModel: 'notes pipeline_model=',
      defaultWeightsFormat: 'notes default_weights_format=',
      ropeType: 'notes rope_type= (null: arch.py leaves the SupportedArchitecture default)',
      source: 'source: the arch.py the row was read from',
    },
  },
  architectures: archs.map((a) => ({
    folder: a.folder,
    names: a.names,
    registered: a.registered,
    task: a.task,
    archVariable: a.arch_variable ?? null,
    defaultEncoding: a.default_encoding,
    supportedEncodings: a.supported_encodings,
    weightFormats: a.weight_formats,
    defaultWeightsFormat: noteValue(a.notes, 'default_weights_format'),
    multimodal: a.multimodal,
    configClass: a.config_class,
    configBase: a.config_base,
    configBases: (a.config_base ?? '').split(',').map((b) => b.trim()).filter(Boolean),
    configModule: moduleOf(a.config_defined_in),
    pipelineModel: noteValue(a.notes, 'pipeline_model'),
    ropeType: noteValue(a.notes, 'rope_type'),
    exampleRepoIds: a.example_repo_ids,
    notes: a.notes,
    source: { repo: MAX_REPO, commit: MAX_COMMIT, path: a.source, configDefinedIn: a.config_defined_in ?? null },
  })),
});

// ---------------------------------------------------------------- transformers model types
const td = read('transformers-defaults.json');

/** "path @ <40 hex>" -> { path, commit }; index-copy entries keep the primary commit and say so. */
function sourceOf(readFrom, modelType) {
  const m = /([\w./-]+\.py)[^@]*@\s*([0-9a-f]{40})/.exec(readFrom ?? '');
  if (m) {
    const path = m[1].includes('/') ? m[1] : `src/transformers/models/${modelType.replace(/_text$/, '')}/${m[1]}`;
    return { repo: TRANSFORMERS, commit: m[2], path, readFrom };
  }
  return { repo: TRANSFORMERS, commit: TRANSFORMERS_COMMIT, path: `src/transformers/models/${modelType.replace(/_text$/, '')}/`, readFrom };
}

const isPlain = (v) => v === null || ['number', 'string', 'boolean'].includes(typeof v) || Array.isArray(v);

/** Plain class defaults: scalars, {default: scalar}, and {v5: scalar} (v5 wins over v4). */
function plainDefaults(defaults) {
  const out = {};
  for (const [field, spec] of Object.entries(defaults)) {
    if (['text_config', 'vision_config', 'rope_parameters', 'rope_scaling', 'layer_types'].includes(field)) continue;
    if (isPlain(spec)) out[field] = spec;
    else if (spec && typeof spec === 'object') {
      if ('default' in spec && isPlain(spec.default)) out[field] = spec.default;
      else if ('v5' in spec && isPlain(spec.v5) && typeof spec.v5 !== 'string') out[field] = spec.v5;
    }
  }
  return out;
}

/** transformers' attribute_map as is: {alias: stored attribute}; reading either name gives the same value. */
function attributeMap(map) {
  // falcon records per-era maps ({v5: {}, 'v4.33-era': {...}}): an old config.json may use either.
  const flat = {};
  for (const [k, v] of Object.entries(map ?? {})) {
    if (v && typeof v === 'object') Object.assign(flat, v);
    else flat[k] = v;
  }
  return flat;
}

/**
 * Machine-readable derivations, one per model type, each restating what the reference's `derived`
 * text says (quoted in the comment). Fields: headDim ('config_or_hidden_div_heads' | 'qk_rope_head_dim'
 * | 'hidden_div_heads'), slidingWindowGate (field that must be true for sliding_window to apply),
 * legacyKeys (old key -> canonical), mlp ('gated' | 'plain'), positions ('rope' | 'alibi' | 'learned' | 'relative').
 */
const DERIVATIONS = {
  llama: { mlp: 'gated' }, // "Gated SwiGLU MLP"
  mistral: { mlp: 'gated' },
  mixtral: { mlp: 'gated' },
  qwen2: { slidingWindowGate: 'use_sliding_window', mlp: 'gated' }, // "set to None unless use_sliding_window is true"
  qwen2_moe: { slidingWindowGate: 'use_sliding_window', mlp: 'gated' }, // "set to 0 (not None) when use_sliding_window is false"
  qwen3: { slidingWindowGate: 'use_sliding_window', mlp: 'gated' }, // "None unless use_sliding_window"
  qwen3_moe: { slidingWindowGate: 'use_sliding_window', mlp: 'gated' },
  // "Original google/gemma-* config.json files carry hidden_act='gelu' (exact) ...; v4.38-4.4x GemmaMLP used hidden_activation (falling back to gelu_pytorch_tanh)"
  gemma: { mlp: 'gated', activationBefore: { versions: 'v4.38-4.4x', field: 'hidden_activation', fallback: 'gelu_pytorch_tanh' } },
  gemma2: { mlp: 'gated' },
  gemma3_text: { mlp: 'gated' },
  phi: { mlp: 'plain' }, // "non-gated MLP fc1->act->fc2"
  phi3: { mlp: 'gated' }, // "Fused ... gate_up_proj"
  deepseek_v2: { headDim: 'qk_rope_head_dim', mlp: 'gated' }, // "always overwritten: head_dim = qk_rope_head_dim"
  deepseek_v3: { headDim: 'qk_rope_head_dim', mlp: 'gated' }, // "always = qk_rope_head_dim (64)"
  granite: { mlp: 'gated' },
  granitemoe: { mlp: 'gated' },
  olmo: { mlp: 'gated' },
  olmo2: { mlp: 'gated' },
  cohere2: { headDim: 'hidden_div_heads' }, // "always hidden_size // num_attention_heads (set in __post_init__)"
  falcon: { headDim: 'hidden_div_heads' }, // "property: hidden_size // num_attention_heads"
  pixtral: { headDim: 'hidden_div_heads' },
  gpt2: { mlp: 'plain', positions: 'learned' }, // "Learned absolute position embeddings (wpe)"
  gpt_neox: { mlp: 'plain', legacyKeys: { rotary_emb_base: 'rope_theta', rotary_pct: 'partial_rotary_factor' } },
  bloom: { mlp: 'plain', positions: 'alibi', legacyKeys: { n_embed: 'hidden_size' } }, // "ALiBi positions (no rope)"; "legacy 'n_embed' key overrides hidden_size"
  t5: { positions: 'relative' }, // "No position embeddings: relative attention bias buckets"
  gpt_oss: { mlp: 'gated' },
};

/** Rules stated in the `derived` texts: null fallbacks and the use_sliding_window gate. */
function derivedRules(d) {
  const nullFallback = {};
  let slidingWindowGate;
  for (const [field, spec] of Object.entries(d)) {
    const text = spec && typeof spec === 'object' ? String(spec.derived ?? '') : '';
    if (field === 'num_key_value_heads' && /None -> num_attention_heads/.test(text)) nullFallback[field] = 'num_attention_heads';
    if (field === 'num_decoder_layers' && /None -> num_layers/.test(text)) nullFallback[field] = 'num_hidden_layers';
    if (field === 'sliding_window' && /unless use_sliding_window|when use_sliding_window is false/.test(text)) slidingWindowGate = 'use_sliding_window';
  }
  return { nullFallback, slidingWindowGate };
}

const ACTIVATION_FIELDS = ['hidden_act', 'hidden_activation', 'activation_function', 'feed_forward_proj'];

function modelType(key, entry) {
  const defaults = plainDefaults(entry.defaults);
  const d = entry.defaults;
  const { nullFallback, slidingWindowGate } = derivedRules(d);
  const theta = d.rope_theta;
  let defaultTheta = null;
  if (typeof theta === 'number') defaultTheta = theta;
  else if (theta && typeof theta === 'object') defaultTheta = theta.default_theta ?? theta.default ?? null;
  const derivations = DERIVATIONS[key] ?? {};
  const sub = entry.sub_configs ?? {};
  let textConfig = null;
  if (sub.text_config) {
    const tc = sub.text_config;
    const flat = /LEGACY FLAT|legacy-flat/i.test(String(d.text_config?.derived ?? ''));
    if (typeof tc === 'object') {
      const rules = derivedRules(tc.defaults ?? {});
      textConfig = { modelType: tc.model_type ?? null, class: tc.class ?? null, defaults: plainDefaults(tc.defaults ?? {}), flat, ...rules,
        activationField: ACTIVATION_FIELDS.find((f) => f in (tc.defaults ?? {})) ?? null };
    }
    else {
      const named = /CONFIG_MAPPING\[.*'(\w+)'\)\]/.exec(String(d.text_config?.derived ?? ''));
      const byClass = Object.entries(td.model_types).find(([, m]) => m.class === String(tc).split(' ')[0]);
      textConfig = { modelType: byClass?.[0] ?? null, defaultModelType: named?.[1] ?? null, class: String(tc), defaults: {}, flat };
    }
    if (textConfig.defaults.rope_theta === undefined && typeof d.text_config === 'object') {
      const rt = sub.text_config?.defaults?.rope_theta;
      if (rt && typeof rt === 'object' && typeof rt.default === 'number') textConfig.defaults.rope_theta = rt.default;
    }
  }
  let defaultRope = null;
  if (key === 'gpt_oss') {
    // "None -> {rope_type:'yarn', factor:32.0, beta_fast:32.0, beta_slow:1.0, truncate:False, original_max_position_embeddings:4096}"
    defaultRope = { rope_type: 'yarn', factor: 32.0, beta_fast: 32.0, beta_slow: 1.0, truncate: false, original_max_position_embeddings: 4096 };
  }
  return {
    modelType: key,
    class: entry.class,
    source: sourceOf(entry.read_from, key),
    attributeMap: attributeMap(entry.attribute_map),
    defaults,
    nullFallback,
    defaultTheta,
    activationField: ACTIVATION_FIELDS.find((f) => f in d) ?? null,
    defaultRope,
    textConfig,
    hasVisionConfig: Boolean(sub.vision_config),
    remoteCode: key === 'internlm2' || undefined,
    slidingWindowGate,
    ...derivations,
    validation: entry.validation ?? undefined,
    notes: entry.notes ?? '',
  };
}

write('model-types.json', {
  _source: {
    repo: TRANSFORMERS, commit: TRANSFORMERS_COMMIT, path: 'src/transformers/models/',
    reference: 'transformers-defaults.json model_types (each entry names the file and commit it was read from)',
    generatedBy: 'scripts/kb/build-kb.mjs',
  },
  common: {
    source: { repo: TRANSFORMERS, commit: TRANSFORMERS_COMMIT, path: 'src/transformers/configuration_utils.py' },
    baseFields: Object.keys(td.common.v5_base_fields),
    postInitKwargs: Object.keys(td.common.v5_post_init_kwargs),
    textConfigKeys: ['text_encoder', 'decoder', 'generator', 'text_config'], // get_text_config
    layerTypes: td.common.layer_types.allowed,
    notes: { dtype: td.common.dtype, tieWordEmbeddings: td.common.tie_word_embeddings, unknownKeys: td.common.unknown_keys },
  },
  modelTypes: Object.fromEntries(Object.entries(td.model_types).map(([k, v]) => [k, modelType(k, v)])),
});

// ---------------------------------------------------------------- rope types
const rt = td.rope_types;
const ropeSource = { repo: TRANSFORMERS, commit: TRANSFORMERS_COMMIT, path: 'src/transformers/modeling_rope_utils.py', reference: rt._source };
write('rope-types.json', {
  _source: ropeSource,
  types: Object.fromEntries(Object.entries(rt).filter(([k]) => !k.startsWith('_')).map(([k, v]) => [k, {
    required: v.required, optional: v.optional, formula: v.formula, validation: v.validation ?? null,
    versionDifferences: v.version_differences ?? null,
    // "For llama3, yarn and longrope, original_max_position_embeddings defaults to max_position_embeddings"
    originalMaxDefaultsToMaxPositions: ['llama3', 'yarn', 'longrope'].includes(k),
  }])),
  legacyAliases: { su: 'longrope', mrope: 'default' },
  legacyAliasesPerModelType: { phi3: { su: 'longrope', yarn: 'longrope' } },
  notes: rt._legacy_aliases,
  migration: rt._v5_migration,
});

// ---------------------------------------------------------------- activations
// MAX's activation_function_from_name knows only silu, gelu, gelu_tanh, relu, tanh, sigmoid (max-facts §2.2);
// gemma3 and gpt_oss map gelu_pytorch_tanh to gelu_tanh. The tanh-approximate GELUs share that math (transformers-defaults.md).
const MAX_NAME = {
  silu: 'silu', swish: 'silu', gelu: 'gelu', gelu_python: 'gelu', gelu_new: 'gelu_tanh', gelu_pytorch_tanh: 'gelu_tanh',
  gelu_python_tanh: 'gelu_tanh', gelu_fast: 'gelu_tanh', gelu_accurate: 'gelu_tanh', relu: 'relu', tanh: 'tanh', sigmoid: 'sigmoid',
};
const FAMILY = {
  gelu: 'exact-erf-gelu', gelu_python: 'exact-erf-gelu', gelu_10: 'clipped-gelu', gelu_new: 'tanh-gelu', gelu_pytorch_tanh: 'tanh-gelu',
  gelu_python_tanh: 'tanh-gelu', gelu_fast: 'tanh-gelu', gelu_accurate: 'tanh-gelu', quick_gelu: 'sigmoid-gelu', silu: 'silu', swish: 'silu',
};
const acts = td.activations;
write('activations.json', {
  _source: { repo: TRANSFORMERS, commit: '00e12e7c54598e50e7bef1540db3408f81916de1', path: 'src/transformers/activations.py', reference: acts._source },
  maxSource: { repo: MAX_REPO, commit: MAX_COMMIT, path: 'max/python/max/nn/activation.py', reference: 'max-facts.md §2.2 hidden_act' },
  maxKnownNames: ['silu', 'gelu', 'gelu_tanh', 'relu', 'tanh', 'sigmoid'],
  activations: Object.fromEntries(Object.entries(acts).filter(([k]) => !k.startsWith('_')).map(([k, v]) => [k, {
    class: v.class, fn: v.fn, family: FAMILY[k] ?? k, maxName: MAX_NAME[k] ?? null, note: v.note ?? null,
  }])),
  modelSpecific: acts._model_specific_not_via_ACT2FN ?? null,
});

console.log(`wrote ${kbDir}: max-architectures.json, model-types.json, rope-types.json, activations.json`);
