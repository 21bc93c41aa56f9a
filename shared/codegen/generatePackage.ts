import { renderArchPy, renderInitPy } from './archPy';
import { renderModelConfig } from './modelConfig';
import { renderModelPy } from './modelPy';
import { planPort } from './plan';
import { renderPortingMd, serveCommand } from './portingMd';
import type { GeneratedFile, GeneratePackageInput, GeneratedPackage } from './types';
import { renderWeightAdapters } from './weightAdapters';

export interface GeneratedPackageResult extends GeneratedPackage {
  /** When architectures[0] is built into MAX: a unique name and the config.json change it needs. */
  rename: { suggestedName: string; configJsonChange: { path: 'architectures[0]'; from: string; to: string } } | null;
  /** The MAX architectures folder the port builds on. */
  donorFolder: string;
  /** `max serve` for the port, as PORTING.md gives it, with `<checkpoint>` and `<abs path>` to fill in. */
  serveCommand: string[];
}

/**
 * The MAX custom-architecture package for a checkpoint. Pure: the caller writes the files.
 * Throws BringupError('bad-input') with one line when config.json cannot be ported safely.
 */
export function generatePackage(input: GeneratePackageInput): GeneratedPackageResult {
  const plan = planPort(input);
  const files: GeneratedFile[] = [
    renderInitPy(plan),
    renderArchPy(plan, input.weightRenames),
    renderModelConfig(plan),
    renderModelPy(plan),
    renderWeightAdapters(plan, input.weightRenames),
    renderPortingMd(plan),
  ];
  return {
    packageName: plan.packageName,
    maxVersion: plan.maxVersion.version,
    files,
    warnings: plan.warnings,
    rename: plan.suggestedName
      ? { suggestedName: plan.suggestedName, configJsonChange: { path: 'architectures[0]', from: plan.archName, to: plan.suggestedName } }
      : null,
    donorFolder: plan.scaffold.folder,
    serveCommand: serveCommand(plan),
  };
}

/** model_config.py alone, for the live preview beside config.json. */
export function generateModelConfig(input: GeneratePackageInput): { file: GeneratedFile; warnings: GeneratedPackage['warnings'] } {
  const plan = planPort(input);
  return { file: renderModelConfig(plan), warnings: plan.warnings };
}
