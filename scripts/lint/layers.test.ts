import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rules of DESIGN.md live in eslint.config.mjs; these cases prove the linter enforces them.
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('layer rules', () => {
  it('shared/ imports no Node module and nothing above it', async () => {
    expect(await ruleIds("import { readFile } from 'node:fs';\nexport const x = readFile;\n", 'shared/config/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { api } from '../../renderer/src/platform/bridge';\nexport const x = api;\n", 'shared/config/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { z } from 'zod';\nexport const x = z;\n", 'shared/config/x.ts')).toEqual([]);
  });

  it('electron is imported only by electron/main and electron/preload', async () => {
    const code = "import { app } from 'electron';\nexport const x = app;\n";
    expect(await ruleIds(code, 'electron/services/cache/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(code, 'renderer/src/app/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(code, 'electron/main/platform/x.ts')).toEqual([]);
  });

  it('the renderer reaches the services only through its bridge', async () => {
    expect(await ruleIds("import { createServices } from '../../../electron/services';\nexport const x = createServices;\n", 'renderer/src/app/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds('export const x = window.bringup;\n', 'renderer/src/app/x.ts')).toContain('no-restricted-properties');
    expect(await ruleIds('export const x = window.bringup;\n', 'renderer/src/platform/x.ts')).toEqual([]);
  });
});
