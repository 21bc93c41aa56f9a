import kb from '../../resources/kb/weights/max-name-maps.json';
import { detectPrefixes, expectedTensors, familyById, joinExpected, type ConfigView, type Family } from './families';
import type { NameIndex, NameMapping, WeightFormat } from './types';

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
  for (const r of renames) {
    if (!r.from) continue;
    let i = out.indexOf(r.from);
    if (i < 0) continue;
    // indexOf/slice measured ~3x faster than replaceAll or split/join over 90,000 names.
    let result = '';
    let last = 0;
    while (i >= 0) {
      result += out.slice(last, i) + r.to;
      last = i + r.from.length;
      i = out.indexOf(r.from, last);
    }
    out = result + out.slice(last);
  }
  return out;
}

/** The first of rows a and b whose name is `name`'s first `length` characters, or -1. */
function pairedWeightRow(names: readonly string[], name: string, length: number, a: number, b: number): number {
  const holds = (r: number) => r >= 0 && r < names.length && names[r].length === length && name.startsWith(names[r]);
  return holds(a) ? a : holds(b) ? b : -1;
}

export interface NameMapInput {
  donor: string | null;
  format: WeightFormat;
  names: readonly string[];
  /** Name → row of `names`, when the reader built it (names unique). */
  byName?: NameIndex;
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

  // The donor's slots are its family's expected checkpoint names (canonical prefixes) through its map.
  // Matching happens on checkpoint names, so the common case (a name the donor expects) renames nothing:
  // at DeepSeek-V3 scale that saves building and hashing 180,000 new strings.
  const expectedList = expectedTensors(family, input.config, { p: family.base, r: '' });
  const join = joinExpected(expectedList, input.names, input.byName);
  const { last, hits } = join;
  const filledRows = new Uint8Array(expectedList.length);
  const fixups = renames.slice(0, renames.length - donor.renames.length);
  const companions = family.companions ?? [];
  let maxSlots: Map<string, number> | null = null; // MAX name → row of the expected checkpoint name, built when first needed
  const slotsByMaxName = () => {
    if (!maxSlots) {
      maxSlots = new Map();
      for (let k = 0; k < expectedList.length; k++) {
        if (last[k] >= 0 && !expectedList[last[k]].buffer) maxSlots.set(applyRenames(expectedList[k].name, donor.renames), k);
      }
    }
    return maxSlots;
  };

  const unmappedCheckpoint: string[] = [];
  const dropped: string[] = [];
  const fused: { tensor: string; parts: string[] }[] = [];
  let mapped = 0;
  let pairedRow = -1; // the checkpoint row of the weight the last scale was paired with
  // GGUF names go straight to MAX names (the GGUF map); safetensors names are matched as checkpoint names.
  const ggufNames = input.format === 'gguf';
  for (let row = 0; row < input.names.length; row++) {
    const name = input.names[row];
    const hf = fixups.length && !ggufNames ? applyRenames(name, fixups) : name;
    // Without prefix fix-ups the checkpoint names are the expected names: the shared lookup answers.
    const hit = ggufNames ? undefined : !fixups.length ? (hits[row] < 0 ? undefined : hits[row]) : join.rowOf(hf);
    if (hit !== undefined) {
      if (expectedList[last[hit]].buffer) dropped.push(name);
      else {
        filledRows[hit] = 1;
        mapped++;
      }
      continue;
    }
    // A scale beside an expected weight (FP8 weight_scale_inv): checked before renaming, the cheap way.
    let companionHit = false;
    for (const c of companions) {
      if (!hf.endsWith(c)) continue;
      const stem = hf.length - c.length;
      // The weight of this scale is most often the row before it (names in index order: `x.weight`
      // sorts just before `x.weight_scale_inv`) or the row after the last one paired (header order:
      // scales and weights each in name order). Compared in place, the weight's name is never built.
      const guess = !fixups.length && c.startsWith('.weight') ? pairedWeightRow(input.names, name, stem + 7, row - 1, pairedRow + 1) : -1;
      if (guess >= 0) {
        pairedRow = guess;
        companionHit = hits[guess] >= 0;
        break;
      }
      // `.weight_scale_inv` → `.weight` is a prefix of the name itself: slice it, do not build a new string.
      const weight = c.startsWith('.weight') ? hf.slice(0, stem + 7) : hf.slice(0, stem) + '.weight';
      const k = join.rowOf(weight);
      companionHit = k !== undefined;
      if (k !== undefined) pairedRow = join.tensorOf[k];
      break;
    }
    if (companionHit) {
      mapped++;
      continue;
    }
    const target = applyRenames(hf, ggufNames ? renames : donor.renames);
    if (drops.some((d) => d.test(target))) {
      dropped.push(name);
      continue;
    }
    const viaMaxName = ggufNames ? slotsByMaxName().get(target) : undefined;
    if (viaMaxName !== undefined) {
      filledRows[viaMaxName] = 1;
      mapped++;
      continue;
    }
    const alt = donor.alternatives.find((a) => target.endsWith(a.fused));
    if (alt) {
      const stem = target.slice(0, target.length - alt.fused.length);
      const parts = alt.parts.map((p) => stem + p);
      const slots = slotsByMaxName();
      if (parts.every((p) => slots.has(p))) {
        parts.forEach((p) => (filledRows[slots.get(p)!] = 1));
        fused.push({ tensor: name, parts });
        mapped++;
        continue;
      }
    }
    unmappedCheckpoint.push(name);
  }
  const unfilledModel: string[] = [];
  for (let k = 0; k < expectedList.length; k++) {
    if (last[k] < 0 || filledRows[k]) continue;
    const e = expectedList[last[k]];
    if (!e.optional && !e.buffer) unfilledModel.push(applyRenames(e.name, donor.renames));
  }
  const lmHead = join.rowOf('lm_head.weight');
  const lmHeadFilled = lmHead !== undefined && filledRows[lmHead] === 1;
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
    tiedLmHead: tied === true && !lmHeadFilled,
    strict: donor.strict ?? null,
  };
}
