/**
 * electron-builder.yml, tested as configuration (the Electron binary it packages cannot be
 * downloaded here; `npm run package:check` packages with a stand-in and inspects the result).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths } from './appPaths';

const root = join(__dirname, '..', '..');
const require = createRequire(join(root, 'package.json'));
// electron-builder's own loader and validator: what `electron-builder` runs before packaging.
const { findAndReadConfig } = require('app-builder-lib/out/util/config/load') as { findAndReadConfig(r: { projectDir: string; configFilename: string }): Promise<{ result: Record<string, unknown>; configFile: string } | null> };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(): void }): Promise<void> };
const noDebug = { isEnabled: false, add() {} };

interface BuilderConfig {
  asar: boolean;
  files: string[];
  extraResources: { from: string; to: string }[];
  electronFuses: Record<string, boolean>;
  [key: string]: unknown;
}

async function loadConfig(): Promise<{ config: BuilderConfig; file: string }> {
  const found = await findAndReadConfig({ projectDir: root, configFilename: 'electron-builder' });
  if (!found) throw new Error('electron-builder finds no configuration in the repository root');
  return { config: found.result as BuilderConfig, file: found.configFile };
}

describe('electron-builder configuration', () => {
  it('is the file electron-builder loads, and valid against its schema (node_modules/app-builder-lib/scheme.json)', async () => {
    const { config, file } = await loadConfig();
    expect(file).toBe(join(root, 'electron-builder.yml'));
    await expect(validateConfiguration(config, noDebug)).resolves.toBeUndefined();
    // The validator bites: a misspelt fuse, or a fuse given as a string, is refused.
    await expect(validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsnode: false } }, noDebug)).rejects.toThrow(/Invalid configuration object/);
    await expect(validateConfiguration({ ...config, asar: 'yes' }, noDebug)).rejects.toThrow(/Invalid configuration object/);
  });

  it('sets every hardening fuse', async () => {
    const { config } = await loadConfig();
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the app into an asar: the electron-vite build, no source maps', async () => {
    const { config } = await loadConfig();
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**', '!**/*.map']));
    // Nothing else from the repository: every positive pattern is inside out/main, out/preload or out/renderer.
    for (const pattern of config.files.filter((p) => !p.startsWith('!'))) expect(pattern).toMatch(/^out\/(main|preload|renderer)\//);
  });

  it('ships what the packaged main process reads: preload and renderer in the asar, resources/ beside it', async () => {
    const { config } = await loadConfig();
    const packaged = appPaths('/opt/Bringup/resources/app.asar/out/main', { resourcesPath: '/opt/Bringup/resources' });
    const inAsar = (path: string) => posix.relative('/opt/Bringup/resources/app.asar', path);
    expect(inAsar(packaged.preload)).toBe('out/preload/index.js');
    expect(inAsar(packaged.rendererDir)).toBe('out/renderer');
    expect(config.extraResources).toEqual([{ from: 'resources', to: 'resources' }]);
    expect(packaged.resourcesDir).toBe(posix.join('/opt/Bringup/resources', config.extraResources[0].to));
    // What resourcesDir is read for: the examples' list and folders.
    expect(statSync(join(root, config.extraResources[0].from, 'examples', 'examples.json')).isFile()).toBe(true);
    // Unpackaged (npm start, e2e), the same layout relative to out/main.
    expect(appPaths(join(root, 'out', 'main'), null).resourcesDir).toBe(join(root, 'resources'));
  });

  it('leaves out only packages the main process never imports (the renderer has them bundled)', async () => {
    const { config } = await loadConfig();
    const excluded = config.files.map((p) => /^!node_modules\/(.+)\/\*\*$/.exec(p)?.[1]).filter((p): p is string => !!p);
    expect(excluded).toContain('monaco-editor');
    const imported = mainProcessImports();
    expect(imported).toContain('@huggingface/hub'); // the scan finds real imports
    for (const pkg of imported) {
      const hit = excluded.find((e) => pkg === e || pkg.startsWith(`${e}/`));
      expect(hit, `${pkg} is imported by the main process but excluded from the package`).toBeUndefined();
    }
    // Each excluded package is a dependency the renderer imports.
    const deps = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
    for (const e of excluded) expect(deps.some((d) => d === e || d.startsWith(`${e}/`)), e).toBe(true);
  });
});

/** npm packages imported at run time (not `import type`) by code that runs in the main or preload process. */
function mainProcessImports(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ts$/.test(entry) && !/\.test\.ts$/.test(entry)) {
        const text = readFileSync(full, 'utf8');
        for (const m of text.matchAll(/^\s*import\s+(?!type\s)[^;]*?from\s+'([^'.][^']*)'|import\('([^'.][^']*)'\)|^\s*export\s+(?!type\s)[^;]*?from\s+'([^'.][^']*)'/gm)) {
          const spec = m[1] ?? m[2] ?? m[3];
          if (spec.startsWith('node:')) continue;
          found.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
        }
      }
    }
  };
  for (const dir of ['electron/main', 'electron/preload', 'electron/services', 'shared']) walk(join(root, dir));
  return [...found].sort();
}
