/** weight_adapters.py: checkpoint tensor names -> MAX module names, by ordered substring renames. */
import { header } from './modelConfig';
import { donorRenames } from './knowledge';
import { LineWriter } from './lineWriter';
import type { PortPlan } from './plan';
import { badInput } from '../errors';
import { pyStr } from './pythonLiteral';
import type { GeneratedFile, WeightRename } from './types';

/**
 * The adapter the package registers: for the checkpoint's own GGUF names, a GGUF adapter (MAX's
 * `convert_gguf_state_dict`); otherwise the safetensors one. The other format keeps the donor's.
 */
export function adapterOf(plan: PortPlan, given: WeightRename[] | undefined): { format: 'safetensors' | 'gguf'; fn: string } {
  return given && plan.weightsFormat === 'gguf'
    ? { format: 'gguf', fn: 'convert_gguf_state_dict' }
    : { format: 'safetensors', fn: 'convert_safetensor_state_dict' };
}

export function renderWeightAdapters(plan: PortPlan, given: WeightRename[] | undefined): GeneratedFile {
  const out = new LineWriter();
  const adapter = adapterOf(plan, given);
  header(out, plan, 'the weight-name adapter');
  const convention = donorRenames(plan.scaffold.folder);
  const renames = given ? checkRenames(given) : (convention?.renames ?? [['model.', '']]).map(([from, to]) => ({ from, to }));
  out.line(`"""Weight-name adapter for ${plan.archName}: checkpoint names to the names the MAX graph expects."""`);
  out.line();
  out.line('from __future__ import annotations');
  out.line();
  if (given) {
    out.line(`# Checkpoint name -> MAX name, applied in order with str.replace: from the checkpoint's own ${adapter.format} tensor names.`);
  } else {
    out.line(`# Checkpoint name -> MAX name, applied in order with str.replace: the ${plan.scaffold.folder} donor's convention`);
    out.line(`# (${convention?.source.path ?? 'no convention recorded: "model." stripped as llama3 does'}); the weights step replaces it with the checkpoint's own.`);
  }
  out.line('WEIGHT_RENAMES: list[tuple[str, str]] = [');
  for (const { from, to } of renames) out.line(`    (${pyStr(from)}, ${pyStr(to)}),`);
  out.line(']');
  out.line();
  out.line();
  out.line('def max_weight_name(name: str) -> str:');
  out.line('    """The MAX name of one checkpoint tensor."""');
  out.line('    for before, after in WEIGHT_RENAMES:');
  out.line('        name = name.replace(before, after)');
  out.line('    return name');
  out.line();
  out.line();
  out.line(`def ${adapter.fn}(state_dict, huggingface_config=None, pipeline_config=None, **unused_kwargs):`);
  out.line('    """dict[str, Weights] -> dict[str, WeightData]; MAX passes the configs as keyword arguments."""');
  if (convention?.note) out.line(`    # TODO(bringup) the donor's adapter also: ${convention.note.replace(/[^\x20-\x7e]/g, '?')}.`);
  out.line(`    # TODO(bringup) the ${plan.scaffold.folder} donor's own adapter may also cast dtypes or drop quantization tensors: compare.`);
  out.line('    return {max_weight_name(name): value.data() for name, value in state_dict.items()}');
  return out.toFile('weight_adapters.py', 'python');
}

/** Renames come from tensor names in the checkpoint: strings only, bounded in count and length. */
function checkRenames(renames: WeightRename[]): WeightRename[] {
  if (!Array.isArray(renames) || renames.length > 10_000) throw badInput('weightRenames: expected a list of at most 10000 renames');
  return renames.map((rename, index) => {
    if (typeof rename?.from !== 'string' || typeof rename?.to !== 'string' || rename.from === '' || rename.from.length > 1000 || rename.to.length > 1000) {
      throw badInput(`weightRenames[${index}]: expected { from, to } strings (from non-empty, at most 1000 characters)`);
    }
    return { from: rename.from, to: rename.to };
  });
}
