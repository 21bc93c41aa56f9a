/**
 * What is left to do by hand, from the donor's record: a TODO names only a feature the chosen
 * donor's code does not show (or refuses), with the MAX architectures whose code does, by file,
 * line and symbol. Blockers are what the generated package cannot make right on its own. Both keep
 * the "Build layers" step open; the checklist reads them from the generated package's result.
 */
import { featureRules, modelTypes } from '../config/kb';
import { isObject } from './checks';
import { DONOR_ARCHITECTURES, resolveDonor, type DonorRecord } from './donor';
import { ACTIVATIONS, ENCODINGS, FEATURE_NOTES, FEATURE_RULES, LLAMA3_GRAPH_ACTIVATION, QUANTIZED_TODO } from './knowledge';
import type { FeatureEvidence, SourcePlace } from './maxSource';
import type { PortPlan } from './plan';

export interface PortTodo {
  /** A feature id of the analysis vocabulary, or hidden-act, quantized:<method>, config. */
  id: string;
  text: string;
  /** The config.json path it comes from (for the source map), when one shows it. */
  configPath?: string;
  /** Where MAX's code does have it: other donors, with the evidence read from their source. */
  implementedIn: Array<{ folder: string; name: string } & FeatureEvidence>;
}

export interface PortBlocker {
  /** config-reach, config-field:<name>, encoding:<encoding>. */
  id: string;
  message: string;
  /** The place in MAX's source it is about. */
  source?: SourcePlace;
  configPath?: string;
}

type PlanSoFar = Omit<PortPlan, 'todos' | 'blockers'>;

export function planTodos(plan: PlanSoFar, root: Record<string, unknown>, blockers: PortBlocker[]): { todos: PortTodo[]; blockers: PortBlocker[] } {
  const todos: PortTodo[] = [];
  for (const blocker of blockers.filter((b) => b.id === 'config-reach')) {
    todos.push({ id: 'config', text: `[config] ${blocker.message}`, implementedIn: [] });
  }
  // MAX registers this very architecture: its code is the model's own implementation.
  const native = plan.donorMatch === 'native';
  for (const feature of plan.features) {
    if (feature.startsWith('quantized:')) {
      const method = feature.slice('quantized:'.length);
      // The donor declares the encoding this method maps to (arch.py), and its own adapter (which the
      // generated one calls) reads the scales: MAX's code already loads it. Otherwise it is work to do.
      const encoding = Object.hasOwn(ENCODINGS.fromQuantMethod, method) ? ENCODINGS.fromQuantMethod[method] : null;
      if (encoding && plan.donor.arch.supportedEncodings.includes(encoding)) continue;
      todos.push({ id: feature, text: `[${feature}] ${QUANTIZED_TODO.replace('{method}', method)}.`, configPath: 'quantization_config', implementedIn: [] });
      continue;
    }
    if (native || Object.hasOwn(FEATURE_NOTES, feature)) continue;
    const todo = featureTodo(plan, feature, root);
    if (todo) todos.push(todo);
  }
  const activation = native ? null : activationTodo(plan);
  if (activation) todos.push(activation);
  return { todos, blockers };
}

function featureTodo(plan: PlanSoFar, feature: string, root: Record<string, unknown>): PortTodo | null {
  const donor = plan.donor;
  const rule = Object.hasOwn(FEATURE_RULES, feature) ? FEATURE_RULES[feature] : null;
  const configPath = feature.startsWith('rope-scaling:') ? plan.ropeScalingPath : keyPath(plan, rule?.reads ?? []);
  if (!rule) {
    return { id: feature, text: `[${feature}] not in the knowledge base: compare the ${donor.folder} donor with the reference modeling code.`, implementedIn: [] };
  }
  const own = featureOf(donor, feature);
  if (own && own.evidence.length && !own.rejected) {
    // The donor has it; an aspect this checkpoint uses may still be missing (shared experts beside routed ones).
    for (const aspect of own.aspects ?? []) {
      if (aspect.evidence || !aspect.when.some((key) => truthy(root[key]))) continue;
      const elsewhere = implementedElsewhere(donor, feature, aspect.what);
      const key = aspect.when.find((k) => truthy(root[k]))!;
      return {
        id: feature,
        text: `[${feature}] ${aspect.what}: the ${donor.folder} donor's ${donor.config.name} reads none of ${aspect.when.join(', ')}. ${elsewhereText(elsewhere)}.`,
        configPath: plan.pathPrefix + key,
        implementedIn: elsewhere,
      };
    }
    return null;
  }
  const elsewhere = implementedElsewhere(donor, feature, null);
  // Nothing in the source read here can show it either way (layer code is not in it): say what is unknown.
  if (!own?.rejected && !elsewhere.length && !hasEvidenceRules(rule)) {
    return { id: feature, text: `[${feature}] ${rule.what}: which MAX architectures implement it is not in the source read here (their layer code is not in it); check the ${donor.folder} donor's graph code.`, ...(configPath ? { configPath } : {}), implementedIn: [] };
  }
  const lacks = own?.rejected
    ? `the ${donor.folder} donor refuses it: "${own.rejected.message}" (${own.rejected.path}:${own.rejected.line}, ${own.rejected.in})`
    : rule.reads?.length
      ? `no evidence of it in the ${donor.folder} donor's source read here (${donor.config.name} and ${donor.model.name} read none of ${rule.reads.join(', ')}; its layer code is not in it)`
      : `no evidence of it in the ${donor.folder} donor's source read here (its layer code is not in it)`;
  return { id: feature, text: `[${feature}] ${rule.what}: ${lacks}. ${elsewhereText(elsewhere)}.`, ...(configPath ? { configPath } : {}), implementedIn: elsewhere };
}

/** Folders whose code shows the feature (or the aspect), preferring plain text-generation registrations. */
function implementedElsewhere(donor: DonorRecord, feature: string, aspect: string | null): PortTodo['implementedIn'] {
  const found: PortTodo['implementedIn'] = [];
  for (const { folder, name } of DONOR_ARCHITECTURES) {
    if (folder === donor.folder || found.some((f) => f.folder === folder)) continue;
    const other = resolveDonor(folder, name);
    const f = other ? featureOf(other, feature) : null;
    if (!f || f.rejected) continue;
    if (aspect) {
      const a = f.aspects?.find((x) => x.what === aspect);
      if (a?.evidence && a.path && a.line) found.push({ folder, name, evidence: a.evidence, path: a.path, line: a.line, ...(a.in ? { in: a.in } : {}) });
    } else if (f.evidence.length) {
      found.push({ folder, name, ...f.evidence[0] });
    }
  }
  const variant = (folder: string) => /_modulev3$|^eagle|^unified|^dflash|_nextn$|^diffusion/.test(folder) ? 1 : 0;
  return found.sort((a, b) => variant(a.folder) - variant(b.folder) || a.folder.localeCompare(b.folder)).slice(0, 3);
}

const EVIDENCE_KINDS = ['reads', 'ropeType', 'modelAttribute', 'adapterRename', 'vision', 'doc'] as const;
const hasEvidenceRules = (rule: object) => EVIDENCE_KINDS.some((k) => Object.hasOwn(rule, k));

/**
 * The donor's evidence for a feature: what its source shows, or else its registration itself when the
 * feature is known from the code of the transformers model type whose architecture it registers
 * (MAX registering Qwen2_5_VLForConditionalGeneration serves qwen2_5_vl, whose attention has q/k/v bias).
 */
function featureOf(donor: DonorRecord, feature: string): DonorRecord['features'][string] | null {
  const own = Object.hasOwn(donor.features, feature) ? donor.features[feature] : null;
  if (own && (own.evidence.length || own.rejected)) return own;
  const rule = featureRules.find((r) => r.id === feature);
  const byType = rule?.when.flat().filter((signal) => signal.kind === 'modelType').flatMap((signal) => signal.modelTypes ?? []) ?? [];
  const served = servedModelTypes(donor.name).find((type) => byType.includes(type));
  if (!served) return own;
  const source = rule?.codeSources?.[served] ?? 'the analysis knowledge base (resources/kb/features.json)';
  return { ...(own ?? {}), evidence: [{ evidence: `registers ${donor.name}, the architecture of transformers' ${served} model type, whose code has it (${source})`, path: donor.arch.path, line: donor.arch.line, in: donor.arch.variable }] };
}

/** The transformers model types whose config class matches a registered architecture name (LlamaForCausalLM -> llama). */
function servedModelTypes(name: string): string[] {
  const stem = (text: string) => text.replace(/(ForCausalLM|ForConditionalGeneration|LMHeadModel|Model|Config|TextConfig)$/, '').replace(/Text$/, '').toLowerCase();
  const arch = stem(name);
  return Object.entries(modelTypes).filter(([, kb]) => stem(kb.class) === arch || (kb.textConfig?.class && stem(kb.textConfig.class) === arch)).map(([type]) => type);
}

function elsewhereText(list: PortTodo['implementedIn']): string {
  if (!list.length) return 'No MAX architecture shows it in the code read here';
  return 'MAX has it in ' + list.map((e) => `${e.folder} (${e.path}:${e.line}${e.in ? `, ${e.in}` : ''}: ${e.evidence})`).join('; ');
}

/** The donor's MLP activation against the checkpoint's, from what its config reads and maps. */
function activationTodo(plan: PlanSoFar): PortTodo | null {
  const dim = plan.dimensions.find((d) => d.name === 'hidden_act')!;
  if (typeof dim.value !== 'string') return null;
  const act = dim.value;
  const donor = plan.donor;
  const maxName = Object.hasOwn(ACTIVATIONS, act) ? ACTIVATIONS[act] : undefined;
  const todo = (text: string): PortTodo => ({ id: 'hidden-act', text: `[hidden-act] ${text}.`, configPath: dim.path, implementedIn: [] });
  if (maxName === null) return todo(`MAX has no ${act} activation (activation_function_from_name knows silu, gelu, gelu_tanh, relu, tanh, sigmoid): add it to the MLP`);
  if (maxName === undefined) return todo(`${act} is not an activation the knowledge base knows: check what the MLP must compute`);
  const { reads, map, rejects } = donor.activation;
  if (reads.length) {
    const refusal = rejects.find((r) => r.refuses === 'others' ? !r.strings.includes(act) && !r.strings.includes(maxName) : r.strings.includes(act));
    if (refusal) return todo(`the ${donor.folder} donor refuses ${act}: "${refusal.message}" (${refusal.path}:${refusal.line}, ${refusal.in})`);
    if (map?.entries.has(act) || act === maxName) return null;
    const mapper = mapperElsewhere(act);
    return todo(`the ${donor.folder} donor passes ${reads[0].attr} to MAX unmapped (${reads[0].path}:${reads[0].line}), and MAX calls ${act} ${maxName}: map it${mapper ? `, as ${mapper} does` : ''}`);
  }
  if (maxName === 'silu') return null;
  const llama3Graph = donor.config.chain.some((c) => c.name === 'Llama3Config' && c.module === 'max.pipelines.architectures.llama3.model_config');
  if (llama3Graph && LLAMA3_GRAPH_ACTIVATION !== maxName) {
    return todo(`the ${donor.folder} donor's ${donor.config.name} reads no activation and the llama3 graph always builds a ${LLAMA3_GRAPH_ACTIVATION} MLP (max-facts.md section 2.2); this model needs ${maxName} (MAX's name for ${act})`);
  }
  return todo(`the ${donor.folder} donor's ${donor.config.name} reads no activation field, and the code read here does not show what its MLP uses; this model needs ${maxName} (MAX's name for ${act})`);
}

function mapperElsewhere(act: string): string | null {
  for (const { folder, name } of DONOR_ARCHITECTURES) {
    const map = resolveDonor(folder, name)?.activation.map;
    if (map?.entries.has(act)) return `${folder} (${map.path}:${map.line}, ${map.name})`;
  }
  return null;
}

const truthy = (value: unknown) => (typeof value === 'number' ? value > 0 : typeof value === 'boolean' ? value : isObject(value) || (Array.isArray(value) && value.length > 0) || (typeof value === 'string' && value !== ''));

/** The first of `keys` present in config.json, as a path (with text_config. for multimodal configs). */
function keyPath(plan: Pick<PortPlan, 'pathPrefix' | 'dimensions' | 'extras' | 'unused' | 'ropeScalingPath'>, keys: string[]): string | null {
  for (const key of keys) {
    const path = plan.pathPrefix + key;
    if (plan.dimensions.some((d) => d.path === path) || plan.extras.some((e) => e.path === path) || plan.unused.some((u) => u.path === path || u.path === key)) {
      return plan.unused.some((u) => u.path === key) && !plan.unused.some((u) => u.path === path) ? key : path;
    }
    if ((key === 'rope_scaling' || key === 'rope_parameters') && plan.ropeScalingPath) return plan.ropeScalingPath;
  }
  return null;
}
