// `npm run bench`: build, then run every compiled benchmark (out/node/bench/*.bench.js) in turn.
// Each prints its own result lines, a ratio against a floor or a peer measured in the same run.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (!process.argv.includes('--no-build')) {
  const build = spawnSync(npm, ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const benches = readdirSync(join('out', 'node', 'bench'))
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => !only.length || only.some((o) => f.startsWith(o)))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n## ${file.replace(/\.bench\.js$/, '')}`);
  const run = spawnSync(process.execPath, [join('out', 'node', 'bench', file)], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
