/** arch.py and __init__.py: the SupportedArchitecture MAX registers, and the ARCHITECTURES list. */
import { configClassName, header } from './modelConfig';
import { archVariableName, donorArchImport, modelClassName } from './donorImport';
import { LineWriter } from './lineWriter';
import type { PortPlan } from './plan';
import { pyStr } from './pythonLiteral';
import type { GeneratedFile } from './types';

export function renderArchPy(plan: PortPlan): GeneratedFile {
  const out = new LineWriter();
  header(out, plan, 'the architecture MAX registers');
  const donor = plan.donor;
  out.line(`"""SupportedArchitecture for ${plan.archName}, built on the MAX ${donor.folder} donor's registration."""`);
  out.line();
  out.line('from __future__ import annotations');
  out.line();
  out.line('import dataclasses');
  out.line();
  out.line('from max.graph.weights import WeightsFormat');
  out.line(donorArchImport(plan));
  out.line(`from ${plan.maxVersion.pipelineTaskModule} import PipelineTask`);
  out.line();
  out.line('from . import weight_adapters');
  out.line(`from .model import ${modelClassName(plan)}`);
  out.line(`from .model_config import ${configClassName(plan)}`);
  out.line();
  out.line('# Fields not set here (tokenizer, context_type, rope_type, batching, memory_planner, ...) are the donor\'s.');
  out.line(`${archVariableName(plan)} = dataclasses.replace(`);
  out.line('    _donor_arch,');
  const nameWhy = plan.suggestedName ? `architectures[0]; built into MAX, so consider ${plan.suggestedName}` : 'MAX matches config.json architectures[0] against this name';
  out.line(`    name=${pyStr(plan.archName)},`, { path: 'architectures', why: nameWhy });
  out.line('    task=PipelineTask.TEXT_GENERATION,');
  out.line(`    example_repo_ids=[${plan.exampleRepoIds.map(pyStr).join(', ')}],`);
  const encodingPath = plan.quantMethod ? 'quantization_config.quant_method' : plan.dtypePath;
  out.line(`    default_encoding=${pyStr(plan.defaultEncoding)},`, { path: encodingPath, why: 'the default encoding must match the checkpoint dtype / quantization' });
  out.line(`    supported_encodings={${plan.supportedEncodings.map(pyStr).join(', ')}},`, { path: encodingPath, why: `the default plus the float32/bfloat16 cast MAX allows, where the donor's arch.py (${donor.arch.path}:${donor.arch.encodingsLine}) supports it` });
  out.line(`    default_weights_format=WeightsFormat.${plan.weightsFormat},`);
  out.line('    weight_adapters={');
  out.line('        **_donor_arch.weight_adapters,');
  for (const { format, fn } of plan.adapters.formats) out.line(`        WeightsFormat.${format}: weight_adapters.${fn},`);
  out.line('    },');
  out.line(`    pipeline_model=${modelClassName(plan)},`);
  out.line(`    config=${configClassName(plan)},`);
  out.line(')');
  return out.toFile('arch.py', 'python');
}

export function renderInitPy(plan: PortPlan): GeneratedFile {
  const out = new LineWriter();
  header(out, plan, 'the package MAX imports with --custom-architectures');
  out.line(`"""MAX custom architecture package for ${plan.archName}."""`);
  out.line();
  out.line(`from .arch import ${archVariableName(plan)}`);
  out.line();
  out.line(`ARCHITECTURES = [${archVariableName(plan)}]`);
  out.line();
  out.line(`MAX_VERSION = ${pyStr(plan.maxVersion.version)}`);
  return out.toFile('__init__.py', 'python');
}
