/**
 * The port's hooks in its project file: presets materialised from the port's facts (and rebuilt while
 * the user has not edited them, so they follow the port), the user's own hooks kept as written.
 */
import { badInput } from '../../../shared/errors';
import { expandArgv, placeholdersIn, isPlaceholderName } from '../../../shared/hooks/placeholders';
import { findPreset, hookFromPreset, HOOK_PRESETS, type PresetContext, type ServePresetOptions } from '../../../shared/hooks/presets';
import type { Hook } from '../../../shared/project/schema';
import { updateProjectFile } from '../project/projectFile';

const sameHook = (a: Hook, b: Hook) => JSON.stringify([a.argv, a.env ?? null, a.title]) === JSON.stringify([b.argv, b.env ?? null, b.title]);

/**
 * The hook to run: the user's edited one as it is, else the preset built now (stored when it changed
 * and `persist`: a run records what it ran, a plan only looks). A hook id that is neither stored nor a
 * preset is bad input.
 */
export async function ensureHook(dir: string, hooks: Hook[], hookId: string, context: PresetContext, options: ServePresetOptions = {}, persist = true): Promise<Hook> {
  const stored = hooks.find((h) => h.id === hookId) ?? null;
  if (stored && (stored.edited || !stored.preset)) return stored;
  const preset = findPreset(stored?.preset ?? hookId);
  if (!preset) {
    if (stored) return stored;
    throw badInput(`${dir}: the port has no hook '${hookId}' (hooks: ${hooks.map((h) => h.id).join(', ') || 'none'}; presets: ${HOOK_PRESETS.map((p) => p.id).join(', ')})`);
  }
  const fresh = hookFromPreset(preset, context, options as never);
  if (persist && (!stored || !sameHook(stored, fresh))) await saveHooks(dir, (all) => [...all.filter((h) => h.id !== fresh.id), fresh]);
  return fresh;
}

export function saveHooks(dir: string, change: (hooks: Hook[]) => Hook[]): Promise<Hook[]> {
  return updateProjectFile(dir, (project) => {
    if (!project) throw badInput(`${dir}: not a Bringup port`);
    return { ...project, hooks: change(project.hooks), updatedAt: new Date().toISOString() };
  }).then((p) => p.hooks);
}

/** Checks a hook the user wrote: a valid id, whole-argument placeholders that exist. */
export function validateHook(hook: Hook): void {
  const unknown = placeholdersIn(hook.argv).filter((name) => !isPlaceholderName(name));
  if (unknown.length) throw badInput(`hook '${hook.id}': unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `{${n}}`).join(', ')}`);
  const probe = expandArgv(hook.id, hook.argv, Object.fromEntries(placeholdersIn(hook.argv).map((n) => [n, 'x'])));
  if (!probe.ok) throw badInput(probe.error);
}

/** A hook saved by the user: marked edited when it came from a preset and now differs from it. */
export async function saveHook(dir: string, hook: Hook, context: PresetContext): Promise<Hook[]> {
  validateHook(hook);
  const preset = hook.preset ? findPreset(hook.preset) : null;
  const fromPreset = preset ? hookFromPreset(preset, context) : null;
  const edited = fromPreset ? !sameHook(fromPreset, { ...hook, preset: fromPreset.preset }) : undefined;
  const stored: Hook = { ...hook, ...(edited === undefined ? {} : { edited }) };
  return saveHooks(dir, (all) => [...all.filter((h) => h.id !== hook.id), stored]);
}
