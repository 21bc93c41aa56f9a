/**
 * model.py: the donor's pipeline model, made to build the port's config wherever MAX's code builds
 * its config (from the donor's record: class attributes it reads, config classes its methods name),
 * with a TODO for each feature the donor's code lacks and each blocker.
 */
import { configClassName, header } from './modelConfig';
import { donorArchImport, modelClassName } from './donorImport';
import { LineWriter } from './lineWriter';
import type { PortPlan } from './plan';
import { methodWraps } from './planReach';
import { pyCommentText, pyStr } from './pythonLiteral';
import type { GeneratedFile } from './types';

export function renderModelPy(plan: PortPlan): GeneratedFile {
  const out = new LineWriter();
  const donor = plan.donor;
  const wraps = methodWraps(plan.reach);
  const modules = [...new Set(wraps.flatMap((w) => w.swaps.map((s) => s.module)))].sort();
  header(out, plan, 'the pipeline model');
  out.line(`"""${plan.archName} pipeline model: the MAX ${donor.folder} donor's ${donor.model.name}, building ${configClassName(plan)} wherever it builds its config."""`);
  out.line();
  out.line('from __future__ import annotations');
  out.line();
  if (wraps.length) out.line('import contextlib');
  if (wraps.length) out.line();
  for (const module of modules) out.line(`import ${module} as ${moduleAlias(module)}`);
  out.line(donorArchImport(plan));
  out.line();
  const imports = [configClassName(plan), ...plan.graphClasses.map((g) => g.className), ...(plan.supplied.length ? ['_supplied'] : [])];
  out.line(`from .model_config import ${imports.join(', ')}`);
  out.line();
  out.line(`# ${donor.model.name}, as registered by ${donor.arch.path}.`);
  out.line('_DonorModel = _donor_arch.pipeline_model');
  if (wraps.length) renderBuilding(out);
  out.line();
  out.line();
  out.line(`class ${modelClassName(plan)}(_DonorModel):`);
  out.line(`    """${plan.archName} on MAX: the donor's model, with ${configClassName(plan)} (model_config.py) wherever it builds its config."""`);
  out.line();
  renderReachComments(out, plan);
  const attributes = new Set(plan.reach.flatMap(({ site }) => (site.reach.how === 'attribute' ? [site.reach.attribute] : [])));
  for (const name of ['model_config_cls', 'config_class']) if (Object.hasOwn(donor.model.attributes, name)) attributes.add(name);
  for (const name of [...attributes].sort()) out.line(`    ${name} = ${configClassName(plan)}`);
  const bias = plan.features.includes('attention-bias') ? donor.model.attributes.attention_bias : undefined;
  if (bias && !(bias.value && 'literal' in bias.value && bias.value.literal === true)) {
    out.line();
    out.line(`    # attention_bias: true in config.json; ${pyCommentText(`${bias.class}.attention_bias (${bias.path}:${bias.line})`)} is passed to finalize.`, { path: plan.pathPrefix + 'attention_bias', why: 'attention_bias: true needs the attention_bias class attribute' });
    out.line('    attention_bias = True', { path: plan.pathPrefix + 'attention_bias', why: 'attention_bias: true' });
  }
  if (plan.supplied.length) {
    out.line();
    out.line('    @property');
    out.line('    def huggingface_config(self):');
    out.line('        """The HF config with the fields it lacks supplied (model_config.py), wherever the donor\'s model reads it."""');
    out.line('        return _supplied(super().huggingface_config)');
  }
  for (const wrap of wraps) {
    out.line();
    const self = wrap.kind === 'classmethod' ? 'cls' : 'self';
    if (wrap.kind === 'classmethod') out.line('    @classmethod');
    out.line(`    def ${wrap.method}(${self}, *args, **kwargs):`);
    for (const swap of wrap.swaps) out.line(`        # ${pyCommentText(`${swap.place.path}:${swap.place.line}`)}: ${pyCommentText(swap.place.in ?? wrap.method)} builds ${pyCommentText(swap.name)} by name.`);
    const managers = wrap.swaps.map((s) => `_building(${moduleAlias(s.module)}, ${pyStr(s.name)}, ${s.standIn})`);
    out.line(`        with ${managers.join(', ')}:`);
    out.line(`            ${wrap.method === '__init__' ? '' : 'return '}super().${wrap.method}(*args, **kwargs)`);
  }
  const todos = [...plan.todos.map((t) => ({ text: t.text, from: t.configPath ? { path: t.configPath, why: t.id } : undefined })),
    ...plan.blockers.filter((b) => b.id !== 'config-reach').map((b) => ({ text: `[${b.id}] ${b.message}.`, from: b.configPath ? { path: b.configPath, why: b.id } : undefined }))];
  if (todos.length) out.line();
  for (const todo of todos) out.line(`    # TODO(bringup) ${pyCommentText(todo.text)}`, todo.from);
  if (!todos.length) {
    out.line();
    out.line(`    # Nothing structural differs from what the ${donor.folder} donor's code shows: check the logits before adding code.`);
  }
  return out.toFile('model.py', 'python');
}

/** The context manager the wrapped methods use (written once per model.py). */
function renderBuilding(out: LineWriter): void {
  out.line();
  out.line();
  out.line('@contextlib.contextmanager');
  out.line('def _building(module, name, config_class):');
  out.line('    """While the donor\'s method runs, the config class it names in `module` is `config_class` (a subclass of it).');
  out.line();
  out.line('    The name is a module global of the donor\'s code, so the swap is process-wide for the call; it is');
  out.line('    restored afterwards, also on error. It refuses to run when MAX no longer names that class there.');
  out.line('    """');
  out.line('    original = getattr(module, name, None)');
  out.line('    if not (isinstance(original, type) and issubclass(config_class, original)):');
  out.line('        raise TypeError(f"{module.__name__}.{name} is not the config class this port was generated for")');
  out.line('    setattr(module, name, config_class)');
  out.line('    try:');
  out.line('        yield');
  out.line('    finally:');
  out.line('        setattr(module, name, original)');
}

/** Every place the donor builds a config, with how this model makes it the port's (the record's sites). */
function renderReachComments(out: LineWriter, plan: PortPlan): void {
  out.line(`    # Where the ${plan.donor.folder} donor builds its config, and how ${configClassName(plan)} reaches each place:`);
  for (const { site, standIn } of plan.reach) {
    const r = site.reach;
    const how = r.how === 'arch-config' ? `arch.py registers ${standIn}`
      : r.how === 'attribute' ? `reads ${r.attribute}: set below`
        : r.how === 'scoped-global' ? `names ${r.name}: ${r.method} below builds ${standIn}`
          : `NOT REACHED: ${r.reason}`;
    out.line(`    #   ${pyCommentText(`${site.place.path}:${site.place.line}`)} ${pyCommentText(site.place.in ?? site.place.method)}: ${pyCommentText(how)}`);
  }
}

/** max.pipelines.architectures.llama3.model -> _llama3_model (an identifier: module paths are MAX's own). */
export function moduleAlias(module: string): string {
  const parts = module.split('.');
  return '_' + parts.slice(-2).join('_').replace(/[^A-Za-z0-9_]/g, '_');
}
