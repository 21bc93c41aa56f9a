/**
 * weight_adapters.py: for every format the donor registers, the checkpoint's own renames first, then
 * the donor's own adapter (its renames, casts, the --cast conversion, drops), as MAX registers it.
 */
import { header } from './modelConfig';
import { LineWriter } from './lineWriter';
import type { PortPlan } from './plan';
import { pyCommentText, pyStr } from './pythonLiteral';
import type { GeneratedFile } from './types';

export function renderWeightAdapters(plan: PortPlan): GeneratedFile {
  const out = new LineWriter();
  const { formats, renames, renamesFrom } = plan.adapters;
  const donor = plan.donor;
  const own = donor.adapters[plan.weightsFormat];
  const donorMap = (own?.renameMaps ?? []).flatMap((m) => m.entries.map((e) => ({ from: e.from, to: e.to ?? '' })));
  header(out, plan, 'the weight-name adapter');
  out.line(`"""Weight-name adapter for ${plan.archName}: the checkpoint's tensor names into the ones the ${donor.folder} donor's adapter reads, then that adapter."""`);
  out.line();
  out.line('from __future__ import annotations');
  out.line();
  out.line('from max.graph.weights import WeightsFormat');
  out.line(`from ${donor.arch.module} import ${donor.arch.variable} as _donor_arch`);
  out.line();
  if (renamesFrom === 'checkpoint') {
    out.line(`# Checkpoint name -> MAX name, applied in order with str.replace: first this checkpoint's own fix-ups (from the checkpoint's own ${plan.weightsFormat} tensor names),`);
  } else {
    out.line(`# Checkpoint name -> MAX name, applied in order with str.replace: the ${donor.folder} donor's convention (no checkpoint fix-ups known yet:`);
    out.line('# the weights step adds them from the checkpoint\'s tensor names),');
  }
  const maps = (own?.renameMaps ?? []).map((m) => `${m.map}, ${m.path}:${m.line}`).join('; ');
  out.line(`# then the donor's map (${pyCommentText(maps || `none: the donor registers no ${plan.weightsFormat} adapter`)}), which the donor's adapter applies itself.`);
  out.line('WEIGHT_RENAMES: list[tuple[str, str]] = [');
  for (const { from, to } of [...renames, ...donorMap]) out.line(`    (${pyStr(from)}, ${pyStr(to)}),`);
  out.line(']');
  out.line(`# This port's own part: the first ${renames.length}.`);
  out.line(`CHECKPOINT_RENAMES = WEIGHT_RENAMES[:${renames.length}]`);
  out.line();
  out.line();
  out.line('def checkpoint_name(name: str) -> str:');
  out.line('    """The name the donor\'s adapter expects for one checkpoint tensor."""');
  out.line('    for before, after in CHECKPOINT_RENAMES:');
  out.line('        name = name.replace(before, after)');
  out.line('    return name');
  out.line();
  out.line();
  out.line('def _renamed(state_dict):');
  out.line('    return {checkpoint_name(name): value for name, value in state_dict.items()}');
  for (const { format, fn, donor: adapter } of formats) {
    out.line();
    out.line();
    out.line(`def ${fn}(state_dict, **kwargs):`);
    out.line(`    """CHECKPOINT_RENAMES, then the donor's ${format} adapter with the same keyword arguments (MAX passes huggingface_config= and pipeline_config=)."""`);
    out.line(`    # ${pyCommentText(`${adapter.function} (${adapter.place.path}:${adapter.place.line}), registered at ${donor.arch.path}:${adapter.registeredLine}`)}`);
    for (const step of adapter.does) out.line(`    #   ${pyCommentText(`${step.what} (${step.path.split('/').slice(-2).join('/')}:${step.line})`)}`);
    out.line(`    return _donor_arch.weight_adapters[WeightsFormat.${format}](_renamed(state_dict), **kwargs)`);
  }
  return out.toFile('weight_adapters.py', 'python');
}
