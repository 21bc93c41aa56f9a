/**
 * How the generated config becomes the one the donor's graph is built with, for every place the
 * donor builds or consults a config (from its record): arch.py's config=, the pipeline model's
 * class attributes, and the config classes its methods name as module globals. A place that cannot
 * be reached safely is a Build-layers blocker naming the method, the file and the line.
 */
import type { ConfigSite, DonorRecord } from './donor';
import type { SourcePlace } from './maxSource';
import type { PortBlocker } from './planTodos';

export interface SiteReach {
  site: ConfigSite;
  /** For scoped-global sites: the generated class that stands in (the port's config or a sibling on the class named). */
  standIn?: string;
}

/** A class the donor's model builds by name that is not its registered config: the generated config adds the same fields to it. */
export interface GraphClass { builds: string; module: string; className: string; place: SourcePlace }

/** Wrapped methods, grouped: one override per method name, swapping every global its sites name. */
export interface MethodWrap { method: string; kind: string; swaps: Array<{ module: string; name: string; standIn: string; place: SourcePlace }> }

export function planReach(donor: DonorRecord, supplies: boolean, archName: string): { reach: SiteReach[]; graphClasses: GraphClass[]; blockers: PortBlocker[] } {
  const configClass = `${archName}Config`;
  const graphClasses = new Map<string, GraphClass>();
  const blockers: PortBlocker[] = [];
  const reach: SiteReach[] = [];
  for (const site of donor.sites) {
    const r = site.reach;
    if (r.how === 'blocked') {
      blockers.push({ id: 'config-reach', message: `${site.place.in ?? site.place.method} (${site.place.path}:${site.place.line}): ${r.reason}; the generated config does not reach the graph there`, source: site.place });
      reach.push({ site });
      continue;
    }
    if (r.how !== 'scoped-global') {
      reach.push({ site, ...(r.how === 'attribute' || r.how === 'arch-config' ? { standIn: configClass } : {}) });
      continue;
    }
    if (r.builds === donor.config.name && r.buildsModule === donor.config.module) {
      reach.push({ site, standIn: configClass });
      continue;
    }
    const key = `${r.buildsModule}.${r.builds}`;
    if (!graphClasses.has(key)) graphClasses.set(key, { builds: r.builds, module: r.buildsModule, className: `_${archName}As${r.builds}`, place: site.place });
    reach.push({ site, standIn: graphClasses.get(key)!.className });
  }
  // Two constructions of one class in one method (a target and a draft model) share the swap: supplied values would reach both.
  if (supplies) {
    const byMethod = new Map<string, ConfigSite[]>();
    for (const { site } of reach) {
      if (site.reach.how !== 'scoped-global') continue;
      const key = `${site.place.module}.${site.place.method}.${site.reach.name}`;
      byMethod.set(key, [...(byMethod.get(key) ?? []), site]);
    }
    for (const sites of byMethod.values()) {
      const args = new Set(sites.map((s) => s.hfArgument));
      if (sites.length > 1 && args.size > 1) {
        const first = sites[0];
        blockers.push({ id: 'config-reach', message: `${first.place.in} builds ${first.reach.how === 'scoped-global' ? first.reach.name : 'its config'} from ${args.size} different HF configs (${sites.map((s) => `${s.place.path}:${s.place.line}`).join(', ')}): the supplied fields would reach each of them`, source: first.place });
      }
    }
  }
  return { reach, graphClasses: [...graphClasses.values()], blockers };
}

/** The overrides the generated model needs: one per method name, with the globals it swaps. */
export function methodWraps(reach: SiteReach[]): MethodWrap[] {
  const wraps = new Map<string, MethodWrap>();
  for (const { site, standIn } of reach) {
    const r = site.reach;
    if (r.how !== 'scoped-global' || !standIn) continue;
    const wrap = wraps.get(r.method) ?? { method: r.method, kind: r.methodKind, swaps: [] };
    if (!wrap.swaps.some((s) => s.module === r.module && s.name === r.name)) wrap.swaps.push({ module: r.module, name: r.name, standIn, place: site.place });
    wraps.set(r.method, wrap);
  }
  return [...wraps.values()].sort((a, b) => a.method.localeCompare(b.method));
}
