import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { settingsPatchSchema, type SettingsPatch } from '../../../shared/settings/schema';
import { DEFAULT_SETTINGS, RECENT_PORTS_LIMIT, type Settings } from '../../../shared/settings/types';
import { writeFileAtomic } from '../fs/atomicWrite';

/**
 * Settings in `<dataDir>/settings.json`. A damaged file falls back to defaults instead of failing, and
 * a key that does not validate is dropped alone (the others are kept). Updates are serialised, so two
 * at once never lose one another.
 */
export function createSettingsStore(dataDir: string) {
  const file = join(dataDir, 'settings.json');
  let cached: Settings | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  async function load(): Promise<Settings> {
    if (cached) return cached;
    const value: unknown = await readFile(file, 'utf8').then((text) => JSON.parse(text) as unknown, () => null);
    const next: Settings = { ...DEFAULT_SETTINGS };
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, field] of Object.entries(settingsPatchSchema.shape)) {
        const parsed = field.safeParse((value as Record<string, unknown>)[key]);
        if (parsed.success && parsed.data !== undefined) (next as unknown as Record<string, unknown>)[key] = parsed.data;
      }
    }
    cached = next;
    return cached;
  }

  function update(patch: SettingsPatch | ((current: Settings) => SettingsPatch)): Promise<Settings> {
    const run = queue.catch(() => undefined).then(async () => {
      const current = await load();
      const next = { ...current, ...(typeof patch === 'function' ? patch(current) : patch) } as Settings;
      await writeFileAtomic(file, JSON.stringify(next, null, 2) + '\n');
      cached = next;
      return next;
    });
    queue = run;
    return run;
  }

  return {
    get: load,
    update: (patch: SettingsPatch) => update(patch),
    /** A port folder at the top of the start page's list. */
    rememberPort: (dir: string) => update((s) => ({ recentPorts: [dir, ...s.recentPorts.filter((d) => d !== dir)].slice(0, RECENT_PORTS_LIMIT) })),
    forgetPort: (dir: string) => update((s) => ({ recentPorts: s.recentPorts.filter((d) => d !== dir) })),
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
