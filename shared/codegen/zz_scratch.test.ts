import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { test } from 'vitest';
import { analyzeConfig } from '../config/analyze';
import { generatePackage } from './generatePackage';
test('scratch', () => {
  const dir = 'fixtures/corpus/';
  for (const name of readdirSync(dir)) {
    const p = dir + name + '/config.json';
    if (!existsSync(p)) continue;
    let raw; try { raw = JSON.parse(readFileSync(p, 'utf8')); } catch { console.log(name, 'BADJSON'); continue; }
    const analysis = analyzeConfig(raw);
    try {
      const pkg = generatePackage({ analysis, config: raw });
      console.log(name, analysis.baseline.folder, analysis.baseline.match, pkg.packageName, pkg.donorFolder, pkg.warnings.map(w => w.code).join(','));
      if (name === process.env.SHOW) for (const f of pkg.files) console.log('=====', f.path, '\n' + f.content, JSON.stringify(f.lines.slice(0, 5)));
    } catch (e) { console.log(name, 'ERR', (e as Error).message); }
  }
});
