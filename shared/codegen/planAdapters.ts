/**
 * The weight adapters compose with the donor's: for every format the donor's arch.py registers, the
 * generated adapter renames the checkpoint's tensor names into the names the donor's adapter reads,
 * then calls the donor's adapter, so its own renames, casts (--cast), and drops (GPTQ's unused keys,
 * rope_freqs, MTP layers) still happen.
 */
import type { Diagnostic } from '../config/types';
import { badInput } from '../errors';
import type { DonorAdapter, DonorRecord, WeightFormat } from './donor';
import { donorRenames } from './knowledge';
import type { WeightRename } from './types';

export interface AdapterPlan {
  /** One generated adapter per format the donor registers. */
  formats: Array<{ format: WeightFormat; fn: string; donor: DonorAdapter }>;
  /** Checkpoint name -> the name the donor's adapter expects, applied first (for the checkpoint's format). */
  renames: WeightRename[];
  /** Where the renames come from: the checkpoint's tensor names, or none known yet. */
  renamesFrom: 'checkpoint' | 'none';
}

const FUNCTION: Record<WeightFormat, string> = { safetensors: 'convert_safetensor_state_dict', gguf: 'convert_gguf_state_dict' };

export function planAdapters(donor: DonorRecord, format: WeightFormat, given: WeightRename[] | undefined, warnings: Diagnostic[]): AdapterPlan {
  const formats = (['safetensors', 'gguf'] as const).flatMap((f) => (donor.adapters[f] ? [{ format: f, fn: FUNCTION[f], donor: donor.adapters[f]! }] : []));
  if (!donor.adapters[format]) {
    warnings.push({
      severity: 'warning', code: 'codegen-weights-format', path: '',
      message: `the ${donor.folder} donor's arch.py registers no ${format} weight adapter (${donor.arch.path}:${donor.arch.line}; it has ${donor.arch.weightFormats.join(', ') || 'none'}): the generated package registers none either, so any renaming of the checkpoint's tensor names is the donor model's own`,
    });
  }
  if (given === undefined) return { formats, renames: [], renamesFrom: 'none' };
  const renames = checkRenames(given);
  return { formats, renames: checkpointFixups(donor, format, renames, warnings), renamesFrom: 'checkpoint' };
}

/**
 * The weights step's list is the checkpoint's prefix fix-ups followed by the donor's own map; the
 * donor's adapter applies its map itself, so the generated adapter keeps only the fix-ups.
 */
function checkpointFixups(donor: DonorRecord, format: WeightFormat, renames: WeightRename[], warnings: Diagnostic[]): WeightRename[] {
  const real = (donor.adapters[format]?.renameMaps ?? []).flatMap((m) => m.entries).map((e) => ({ from: e.from, to: e.to ?? '' }));
  for (const tail of [donorRenames(donor.folder, format), real]) {
    if (tail.length && tail.length <= renames.length && tail.every((r, i) => renames[renames.length - tail.length + i].from === r.from && renames[renames.length - tail.length + i].to === r.to)) {
      return renames.slice(0, renames.length - tail.length);
    }
  }
  if (renames.length && donor.adapters[format]) {
    warnings.push({ severity: 'warning', code: 'codegen-weights-renames', path: '', message: `the weight renames do not end with the ${donor.folder} donor's own map: all are applied before the donor's adapter; check no name is renamed twice` });
  }
  return renames;
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
