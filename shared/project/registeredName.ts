/**
 * The registered name a port gets by default. MAX matches config.json's architectures[0] against its
 * registry, and a MAX that refuses overrides (resources/kb/codegen/max-versions.json `builtinOverride`)
 * rejects a custom architecture under a built-in name. So when the user names none and
 * architectures[0] is built in, the port uses the generator's unique name (`rename.suggestedName`)
 * and the serve folder's config.json carries it. Used by `bringup generate`, the app's Write and its
 * live preview alike.
 */
import { generatePackage, type GeneratedPackageResult } from '../codegen/generatePackage';
import { findMaxVersion } from '../codegen/knowledge';
import type { GeneratePackageInput } from '../codegen/types';
import { registeredNameIn } from '../checklist/register';

export function generateWithRegisteredName(input: GeneratePackageInput): GeneratedPackageResult {
  const draft = generatePackage(input);
  if (input.archName !== undefined || !draft.rename || !refusesOverride(draft.maxVersion)) return draft;
  return { ...generatePackage({ ...input, archName: draft.rename.suggestedName }), rename: draft.rename };
}

export const refusesOverride = (maxVersion: string) => findMaxVersion(maxVersion)?.builtinOverride === 'refused';

/** The name a generated package registers, as its arch.py writes it. */
export const registeredNameOf = (pkg: GeneratedPackageResult): string => registeredNameIn(pkg.files.find((f) => f.path === 'arch.py')?.content ?? '') ?? pkg.packageName;
