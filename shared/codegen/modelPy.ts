/** model.py: the donor's pipeline model, subclassed, with one TODO per structural feature. */
import { header } from './modelConfig';
import { configClassName } from './modelConfig';
import { donorArchImport, modelClassName } from './donorImport';
import { FEATURE_HINTS, QUANTIZED_TODO } from './knowledge';
import { LineWriter } from './lineWriter';
import type { PortPlan } from './plan';
import { pyCommentText } from './pythonLiteral';
import type { GeneratedFile } from './types';

export function renderModelPy(plan: PortPlan): GeneratedFile {
  const out = new LineWriter();
  header(out, plan, 'the pipeline model');
  const donor = plan.scaffold;
  out.line(`"""${plan.archName} pipeline model: the MAX ${donor.folder} donor's ${donor.pipelineModel}, with what differs marked TODO."""`);
  out.line();
  out.line('from __future__ import annotations');
  out.line();
  out.line(donorArchImport(plan));
  out.line();
  out.line(`# ${donor.pipelineModel}, as registered by ${donor.source.path}.`);
  out.line('_DonorModel = _donor_arch.pipeline_model');
  out.line();
  out.line();
  out.line(`class ${modelClassName(plan)}(_DonorModel):`);
  out.line(`    """${plan.archName} on MAX. Each TODO names the donor that already implements the feature."""`);
  out.line();
  if (plan.features.includes('attention-bias') && plan.configBase.described && plan.scaffold.configClass !== 'DeepseekV3Config') {
    out.line('    # Bias on the Q/K/V projections, as qwen2 does (max/python/max/pipelines/architectures/qwen2/model.py).', { path: keyPath(plan, ['attention_bias']) ?? 'attention_bias', why: 'attention_bias: true needs the attention_bias class attribute' });
    out.line('    attention_bias = True', { path: keyPath(plan, ['attention_bias']) ?? 'attention_bias', why: 'attention_bias: true' });
    out.line();
  }
  const todos = todoLines(plan);
  for (const todo of todos) out.line(`    # TODO(bringup) ${todo.text}`, todo.from);
  if (!todos.length) out.line('    # Nothing structural differs from the donor: check the logits before adding code.');
  return out.toFile('model.py', 'python');
}

interface Todo { text: string; from?: { path: string; why: string } }

/** One TODO per structural feature or code-only difference, in the analysis' order. */
export function todoLines(plan: PortPlan): Todo[] {
  const todos: Todo[] = [];
  const graphTodo = plan.configBase.described?.graphTodo;
  if (plan.configBase.kind === 'standalone') {
    todos.push({ text: `[config] the donor model builds its own config class: make it use ${configClassName(plan)} (model_config.py).` });
  } else if (graphTodo && (plan.extras.length || plan.conversions.length)) {
    todos.push({ text: `[config] ${pyCommentText(graphTodo.replace('{config}', configClassName(plan)))}.` });
  }
  for (const feature of plan.features) {
    const method = feature.startsWith('quantized:') ? feature.slice('quantized:'.length) : null;
    const hint = method === null ? (Object.hasOwn(FEATURE_HINTS, feature) ? FEATURE_HINTS[feature] : null) : null;
    if (method !== null) {
      todos.push({ text: `[${pyCommentText(feature)}] ${pyCommentText(QUANTIZED_TODO.replace('{method}', method))}.`, from: { path: 'quantization_config', why: 'quantized checkpoint' } });
      continue;
    }
    if (!hint) {
      todos.push({ text: `[${pyCommentText(feature)}] not in the knowledge base: compare with the reference modeling code.` });
      continue;
    }
    if (!hint.needsCode && !(feature === 'attention-bias' && plan.configBase.kind === 'standalone')) continue;
    const where = hint.file ?? (hint.folder ? `max/python/max/pipelines/architectures/${hint.folder}/` : 'no MAX donor');
    const path = keyPath(plan, hint.configKeys);
    todos.push({
      text: `[${pyCommentText(feature)}] ${pyCommentText(hint.todo)}. Donor: ${pyCommentText(where)}.`,
      from: { path: path ?? 'model_type', why: path ? `${feature} is set by this field` : `${feature} is known from the model type's code` },
    });
  }
  if (plan.activationTodo) {
    const { hf, max, path } = plan.activationTodo;
    const text = max ? `the MLP must use ${max} (MAX's name for ${hf}), not the donor's default` : `MAX has no ${hf} activation: add it to the MLP`;
    todos.push({ text: `[hidden-act] ${pyCommentText(text)}.`, from: { path, why: 'hidden_act chooses the MLP activation' } });
  }
  return todos;
}

/** The first of `keys` present in config.json, as a path (with text_config. for multimodal configs). */
export function keyPath(plan: PortPlan, keys: string[]): string | null {
  for (const key of keys) {
    const path = plan.pathPrefix + key;
    if (plan.dimensions.some((d) => d.path === path) || plan.extras.some((e) => e.path === path) || plan.unused.some((u) => u.path === path || u.path === key)) {
      return plan.unused.some((u) => u.path === key) && !plan.unused.some((u) => u.path === path) ? key : path;
    }
    if (key === 'rope_scaling' || key === 'rope_parameters') if (plan.ropeScalingPath) return plan.ropeScalingPath;
    if (key === 'auto_map' || key === 'vision_config') return key;
  }
  return null;
}
