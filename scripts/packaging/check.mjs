// `npm run package:check` (after `npm run build`): packages the app with electron-builder exactly as
// configured in electron-builder.yml, for Linux as an unpacked folder, with a stand-in for the
// Electron binary (which cannot be downloaded here): a file holding Electron's fuse wire at its
// default values. Then reads back what a user would get: the fuses flipped in the binary (with
// @electron/fuses, the reader electron-builder uses), the files in app.asar, and resources/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const { FuseV1Options, FuseState, getCurrentFuseWire } = loadFuses();
const { listPackage } = require('@electron/asar');
const { findAndReadConfig } = require('app-builder-lib/out/util/config/load');

for (const built of ['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html']) {
  if (!existsSync(join(root, built))) fail(`${built} is missing: run npm run build first`);
}
const { result: config } = await findAndReadConfig({ projectDir: root, configFilename: 'electron-builder' });

// Electron's fuse wire (docs/tutorial/fuses.md): a sentinel, the wire version, its length, then one
// ASCII '0' or '1' per fuse. The stand-in starts from Electron's defaults, each the opposite of
// what we configure, so a fuse that electron-builder did not flip shows.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const DEFAULTS = {
  runAsNode: true, enableCookieEncryption: false, enableNodeOptionsEnvironmentVariable: true, enableNodeCliInspectArguments: true,
  enableEmbeddedAsarIntegrityValidation: false, onlyLoadAppFromAsar: false, loadBrowserProcessSpecificV8Snapshot: false, grantFileProtocolExtraPrivileges: true,
};
const INDEX = Object.fromEntries(Object.keys(DEFAULTS).map((name) => [name, FuseV1Options[name[0].toUpperCase() + name.slice(1)]]));

const work = mkdtempSync(join(tmpdir(), 'bringup-package-'));
const problems = [];
try {
  const dist = join(work, 'electron-dist');
  mkdirSync(dist);
  const wire = Object.entries(DEFAULTS).sort(([a], [b]) => INDEX[a] - INDEX[b]).map(([, on]) => (on ? '1' : '0')).join('');
  writeFileSync(join(dist, 'electron'), Buffer.concat([Buffer.from('\x7fELF stand-in for the Electron binary\n'), Buffer.from(SENTINEL), Buffer.from([1, wire.length]), Buffer.from(wire)]), { mode: 0o755 });

  const started = Date.now();
  const run = spawnSync(process.execPath, [require.resolve('electron-builder/cli.js'), '--linux', 'dir', '--publish', 'never', `-c.electronDist=${dist}`, `-c.directories.output=${join(work, 'release')}`], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (run.status !== 0) throw new Error(`electron-builder exited with ${run.status}:\n${run.stdout}${run.stderr}`);
  const app = join(work, 'release', 'linux-unpacked');
  const executable = join(app, config.executableName ?? require(join(root, 'package.json')).name);
  console.log(`electron-builder ${require('electron-builder/package.json').version}: packaged ${app} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // 1. Fuses, read back from the binary.
  const flipped = await getCurrentFuseWire(executable);
  for (const [name, index] of Object.entries(INDEX)) {
    const wanted = config.electronFuses?.[name] ?? DEFAULTS[name];
    const state = flipped[index] === FuseState.ENABLE ? true : flipped[index] === FuseState.DISABLE ? false : undefined;
    console.log(`  fuse ${name.padEnd(40)} ${String(state).padEnd(5)} (Electron's default ${DEFAULTS[name]})`);
    if (state !== wanted) problems.push(`fuse ${name} is ${state}, configured ${wanted}`);
  }

  // 2. app.asar: the build and the modules the main process requires; nothing else.
  const asar = join(app, 'resources', 'app.asar');
  if (!existsSync(asar)) throw new Error('no resources/app.asar: asar packing is off');
  const files = listPackage(asar, {}).map((f) => f.replace(/\\/g, '/'));
  const has = (path) => files.includes(path);
  for (const wanted of ['/package.json', '/out/main/index.js', '/out/preload/index.js', '/out/renderer/index.html']) if (!has(wanted)) problems.push(`app.asar lacks ${wanted}`);
  const strays = files.filter((f) => /\.map$/.test(f) || /^\/(out\/node|electron|shared|renderer|scripts|fixtures|e2e|resources|node_modules\/\.bin)(\/|$)/.test(f));
  if (strays.length) problems.push(`app.asar holds files the app does not run: ${strays.slice(0, 5).join(', ')}${strays.length > 5 ? ` and ${strays.length - 5} more` : ''}`);
  const required = new Set();
  for (const bundle of ['out/main/index.js', 'out/preload/index.js']) {
    for (const m of readFileSync(join(root, bundle), 'utf8').matchAll(/(?:require|import)\("([^"./][^"]*)"\)/g)) {
      const spec = m[1];
      if (spec === 'electron' || spec.startsWith('node:')) continue;
      required.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  for (const pkg of required) if (!has(`/node_modules/${pkg}/package.json`)) problems.push(`app.asar lacks node_modules/${pkg}, which out/main requires`);
  const modules = [...new Set(files.map((f) => /^\/node_modules\/(@[^/]+\/[^/]+|[^@/][^/]*)\//.exec(f)?.[1]).filter(Boolean))].sort();
  for (const renderOnly of ['monaco-editor', 'react-dom']) if (modules.includes(renderOnly)) problems.push(`app.asar holds node_modules/${renderOnly}, which only the renderer bundle uses`);
  console.log(`  app.asar: ${files.length} entries, ${(readFileSync(asar).length / 2 ** 20).toFixed(1)} MiB; required by out/main: ${[...required].sort().join(', ')}`);
  console.log(`  node_modules in app.asar: ${modules.join(', ')}`);

  // 3. resources/ beside the asar, where electron/main/appPaths.ts looks when packaged.
  for (const wanted of ['examples/examples.json', 'kb/max-architectures.json']) {
    if (!existsSync(join(app, 'resources', 'resources', wanted))) problems.push(`resources/resources/${wanted} is missing`);
  }
  console.log(`  resources/resources: ${existsSync(join(app, 'resources', 'resources', 'examples', 'examples.json')) ? 'examples and kb present' : 'MISSING'}`);
} catch (err) {
  problems.push(err instanceof Error ? err.message : String(err));
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (problems.length) fail(problems.join('\n  '));
console.log('package:check: pass');

/** @electron/fuses as electron-builder resolves it (its own dependency); FuseState: the wire's '1' and '0'. */
function loadFuses() {
  const fromBuilder = createRequire(require.resolve('app-builder-lib/package.json'));
  return { ...fromBuilder('@electron/fuses'), FuseState: fromBuilder('@electron/fuses/dist/constants').FuseState };
}

function fail(message) {
  console.error(`package:check: FAIL: ${message}`);
  process.exit(1);
}
