import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { settingsPatchSchema, type SettingsPatch } from '../../../shared/settings/schema';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings/types';
import { writeFileAtomic } from '../fs/atomicWrite';

/** Settings in `<dataDir>/settings.json`; a damaged file falls back to defaults instead of failing. */
export function createSettingsStore(dataDir: string) {
  const file = join(dataDir, 'settings.json');
  let cached: Settings | null = null;

  async function load(): Promise<Settings> {
    if (cached) return cached;
    try {
      const parsed = settingsPatchSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
      cached = { ...DEFAULT_SETTINGS, ...(parsed.success ? parsed.data : {}) } as Settings;
    } catch {
      cached = { ...DEFAULT_SETTINGS };
    }
    return cached;
  }

  return {
    get: load,
    async update(patch: SettingsPatch): Promise<Settings> {
      const next = { ...(await load()), ...patch } as Settings;
      await writeFileAtomic(file, JSON.stringify(next, null, 2) + '\n');
      cached = next;
      return next;
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
