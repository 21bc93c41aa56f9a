/**
 * The detected MAX version picks the code generator's target where the knowledge base knows it
 * (resources/kb/codegen/max-versions.json), and says so where it does not.
 */
import { DEFAULT_MAX_VERSION, MAX_VERSIONS } from '../codegen/knowledge';
import type { DoctorReport } from './doctorTypes';

export function codegenTargetFor(detected: string | null): DoctorReport['codegen'] {
  const known = MAX_VERSIONS.map((v) => v.version);
  if (!detected) return { detected, target: null, known: false, why: `MAX not found: the generator keeps its default target (${DEFAULT_MAX_VERSION}).` };
  const exact = MAX_VERSIONS.find((v) => v.version === detected);
  if (exact) return { detected, target: exact.version, known: true, why: `MAX ${detected} is in the knowledge base (${exact.label}).` };
  // A stable release entry ("26.4") stands for its patch releases ("26.4.1"); nightlies must match exactly.
  const minor = /^(\d+\.\d+)(?:\.\d+)?$/.exec(detected)?.[1];
  const stable = minor ? MAX_VERSIONS.find((v) => v.version === minor) : undefined;
  if (stable) return { detected, target: stable.version, known: true, why: `MAX ${detected} is a ${stable.version} release: generating for ${stable.label}.` };
  return { detected, target: null, known: false, why: `MAX ${detected} is not in the knowledge base (it knows ${known.join(', ')}): the generator keeps ${DEFAULT_MAX_VERSION}; check the generated code against this MAX.` };
}
