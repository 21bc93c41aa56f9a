// `npm start`: build, then open the desktop app. npm keeps dependency install scripts off
// (`allowScripts`), so the Electron binary is fetched here on first start, by Electron's own
// installer. Where that cannot work (no network to its host, ELECTRON_SKIP_BINARY_DOWNLOAD), say so
// in one line and name browser mode instead of failing obscurely.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const electronDir = join('node_modules', 'electron');

function installedBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

let binary = installedBinary();
if (!binary && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD && existsSync(join(electronDir, 'install.js'))) {
  spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'ignore' });
  binary = installedBinary();
}
if (!binary) {
  console.error('bringup: the Electron binary is not installed and could not be downloaded here; run `npm run web` for the same app in your browser.');
  process.exit(1);
}
const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
