import kb from '../../resources/kb/weights/max-name-maps.json';
import { detectPrefixes, expectedTensors, familyById, type ConfigView, type Family } from './families';
import type { NameMapping, WeightFormat } from './types';

/**
 * Checkpoint tensor names → the MAX donor's names, the way MAX's `weight_adapters.py` does it
 * (max-facts.md §7): `str.replace` of each (from, to) pair over every key, in order. The donor's
 * slots are its own family's checkpoint names after that map, so a tensor that lands on no slot
 * is reported, never guessed at: MAX's llama3 family loads with strict=False and would ignore it.
 */
export interface Rename {
  from: string;
  to: string;
}

interface Donor {
  family: string;
  moeFamily?: string;
  renames: Rename[];
  alternatives: { fused: string; parts: string[] }[];
  drops?: string[];
  gguf?: Rename[];
  ggufDrops?: string[];
  strict?: boolean;
}

const DONORS = kb.donors as unknown as Record<string, Donor>;

export function knownDonors(): string[] {
  return Object.keys(DONORS);
}

/** Python's `for k, v in map.items(): name = name.replace(k, v)`. */
export function applyRenames(name: string, renames: readonly Rename[]): string {
  let out = name;
  for (const r of renames) if (r.from && out.includes(r.from)) out = out.split(r.from).join(r.to);
  return out;
}

export interface NameMapInput {
  donor: string | null;
  format: WeightFormat;
  names: readonly string[];
  config: ConfigView;
}

export function donorFamily(donorName: string | null, config: ConfigView): Family | undefined {
  const donor = donorName && Object.hasOwn(DONORS, donorName) ? DONORS[donorName] : undefined;
  if (!donor) return undefined;
  const experts = config.get('num_experts');
  const id = donor.moeFamily && typeof experts === 'number' && experts > 0 ? donor.moeFamily : donor.family;
  return familyById(id);
}

/** The rename list for the generated weight_adapters.py: prefix fix-ups for this checkpoint, then the donor's map. */
export function renamesFor(donorName: string, format: WeightFormat, names: readonly string[], config: ConfigView): Rename[] {
  const donor = DONORS[donorName];
  if (format === 'gguf') return donor.gguf ? [...donor.gguf] : [];
  const family = donorFamily(donorName, config);
  const fixups: Rename[] = [];
  const found = family ? detectPrefixes(family, names) : null;
  if (family && found && found.p !== family.base) fixups.push({ from: found.p, to: family.base });
  if (found && found.r !== '' && found.p !== family?.base) fixups.push({ from: `${found.r}lm_head.`, to: 'lm_head.' });
  return [...fixups, ...donor.renames];
}

export function buildNameMap(input: NameMapInput): NameMapping {
  const donor = input.donor && Object.hasOwn(DONORS, input.donor) ? DONORS[input.donor] : undefined;
  const family = donorFamily(input.donor, input.config);
  const unknown: NameMapping = {
    baseline: input.donor, known: false, mapped: 0, unmappedCheckpoint: [], unfilledModel: [], renames: [],
    dropped: [], fused: [], tiedLmHead: false, strict: null,
  };
  if (!donor || !family || (input.format === 'gguf' && !donor.gguf)) return unknown;

  const renames = renamesFor(input.donor!, input.format, input.names, input.config);
  const layers = input.config.get('num_hidden_layers');
  const dropSources = input.format === 'gguf' ? donor.ggufDrops ?? [] : donor.drops ?? [];
  const drops = dropSources.map((d) => new RegExp(d.replace('{num_hidden_layers}', String(typeof layers === 'number' ? layers : -1))));

  // The donor's slots: its family's expected checkpoint names (canonical prefixes) through its own map.
  const slots = new Map<string, boolean>(); // slot → optional
  const buffers = new Set<string>();
  for (const t of expectedTensors(family, input.config, { p: family.base, r: '' })) {
    if (t.buffer) buffers.add(applyRenames(t.name, donor.renames));
    else slots.set(applyRenames(t.name, donor.renames), t.optional);
  }
  const companions = (family.companions ?? []).map((c) => applyRenames(c, donor.renames));

  const filled = new Set<string>();
  const unmappedCheckpoint: string[] = [];
  const dropped: string[] = [];
  const fused: { tensor: string; parts: string[] }[] = [];
  let mapped = 0;
  for (const name of input.names) {
    const target = applyRenames(name, renames);
    if (buffers.has(target) || drops.some((d) => d.test(target))) {
      dropped.push(name);
      continue;
    }
    if (slots.has(target)) {
      filled.add(target);
      mapped++;
      continue;
    }
    const companion = companions.find((c) => target.endsWith(c));
    if (companion && slots.has(target.slice(0, target.length - companion.length) + '.weight')) {
      mapped++;
      continue;
    }
    const alt = donor.alternatives.find((a) => target.endsWith(a.fused));
    if (alt) {
      const stem = target.slice(0, target.length - alt.fused.length);
      const parts = alt.parts.map((p) => stem + p);
      if (parts.every((p) => slots.has(p))) {
        parts.forEach((p) => filled.add(p));
        fused.push({ tensor: name, parts });
        mapped++;
        continue;
      }
    }
    unmappedCheckpoint.push(name);
  }
  const unfilledModel: string[] = [];
  for (const [slot, optional] of slots) if (!optional && !filled.has(slot)) unfilledModel.push(slot);
  const tied = input.config.get('tie_word_embeddings');
  return {
    baseline: input.donor,
    known: true,
    mapped,
    unmappedCheckpoint,
    unfilledModel,
    renames,
    dropped,
    fused,
    tiedLmHead: tied === true && !filled.has(applyRenames('lm_head.weight', donor.renames)),
    strict: donor.strict ?? null,
  };
}
