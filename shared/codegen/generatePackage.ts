import { renderArchPy, renderInitPy } from './archPy';
import { renderModelConfig } from './modelConfig';
import { renderModelPy } from './modelPy';
import { planPort, type PortPlan } from './plan';
import { renderPortingMd, serveCommand } from './portingMd';
import type { ConfigReachFact, GeneratedFile, GeneratePackageInput, GeneratedPackage } from './types';
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
    renderArchPy(plan),
    renderModelConfig(plan),
    renderModelPy(plan),
    renderWeightAdapters(plan),
    renderPortingMd(plan),
  ];
  return {
    packageName: plan.packageName,
    maxVersion: plan.maxVersion.version,
    files,
    warnings: plan.warnings,
    donor: {
      folder: plan.donor.folder,
      name: plan.donor.name,
      match: plan.donorMatch,
      configClass: plan.donor.config.name,
      pipelineModel: plan.donor.model.name,
      source: { ...plan.donor.source, path: plan.donor.arch.path, line: plan.donor.arch.line, in: plan.donor.arch.variable },
    },
    todos: plan.todos,
    blockers: plan.blockers,
    configReach: reachFacts(plan),
    buildLayersOpen: [...plan.todos.map((t) => t.id), ...plan.blockers.map((b) => b.id)],
    rename: plan.suggestedName
      ? { suggestedName: plan.suggestedName, configJsonChange: { path: 'architectures[0]', from: plan.archName, to: plan.suggestedName } }
      : null,
    donorFolder: plan.donor.folder,
    serveCommand: serveCommand(plan),
  };
}

function reachFacts(plan: PortPlan): ConfigReachFact[] {
  return plan.reach.map(({ site, standIn }) => {
    const r = site.reach;
    const detail = r.how === 'attribute' ? r.attribute : r.how === 'scoped-global' ? `${r.module}.${r.name} during ${r.method}` : r.how === 'blocked' ? r.reason : 'SupportedArchitecture.config';
    return { site: { path: site.place.path, line: site.place.line, ...(site.place.in ? { in: site.place.in } : {}), method: site.place.method, calls: site.calls }, how: r.how, standIn: standIn ?? null, detail };
  });
}

/** model_config.py alone, for the live preview beside config.json. */
export function generateModelConfig(input: GeneratePackageInput): { file: GeneratedFile; warnings: GeneratedPackage['warnings'] } {
  const plan = planPort(input);
  return { file: renderModelConfig(plan), warnings: plan.warnings };
}
