import { z } from 'zod';

export const settingsPatchSchema = z
  .object({
    hubUrl: z.string().url().max(2048).nullable().optional(),
    offline: z.boolean().optional(),
    folders: z.array(z.string().min(1).max(4096)).max(100).optional(),
    /** Port folders, most recent first (the start page). */
    recentPorts: z.array(z.string().min(1).max(4096)).max(50).optional(),
  })
  .strict();

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
