import type { PortPlan } from './plan';

/**
 * Generated files reach the donor through its registered SupportedArchitecture (module and
 * variable names from MAX's arch.py), so its pipeline model, tokenizer, context type and adapters
 * are whatever that MAX version registers.
 */
export function donorArchImport(plan: PortPlan): string {
  return `from ${plan.donor.arch.module} import ${plan.donor.arch.variable} as _donor_arch`;
}

export function archVariableName(plan: PortPlan): string {
  return `${plan.packageName}_arch`;
}

export function modelClassName(plan: PortPlan): string {
  return `${plan.classPrefix}Model`;
}
