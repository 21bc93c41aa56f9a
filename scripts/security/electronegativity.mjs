// `npm run security`: Electronegativity (Doyensec's static checks for Electron apps) over the app's
// own source, failing on any HIGH or MEDIUM finding. Electronegativity itself exits 0 whatever it
// finds, so this wrapper calls its programmatic API and decides.
//
// What is scanned, and why the source rather than out/: the checks match `new BrowserWindow(...)`
// by the callee's bare name, and the bundler rewrites that call to `new electron.BrowserWindow(...)`,
// which no check recognises: a scan of out/main would pass whatever the window's settings are. The
// renderer bundles in out/ also use syntax its parser rejects ("Unknown node type StaticBlock").
// The TypeScript source is what the checks can really read, and the code that ships is built from it.
//
// Usage: node scripts/security/electronegativity.mjs [--root DIR] [--csv FILE]
//   --root  the project to scan (default: this repository); its electron/, renderer/, shared/ and
//           package.json are scanned together, so that the global checks (CSP, navigation,
//           permission handlers) see every file at once.
//   --csv   also write every finding to FILE, in Electronegativity's own CSV format.
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
// Electronegativity downloads its message strings from S3 on every run (and waits for DNS to give
// up when offline); the en-US strings it ships are enough. Its only other use of `got` is the
// release-list check excluded below, so the scan makes no network request.
const gotPath = createRequire(require.resolve('@doyensec/electronegativity/dist/locales/i18n.js')).resolve('got');
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: () => Promise.reject(new Error('offline by design')) };
const run = require('@doyensec/electronegativity');
const { list_files: listFiles } = require('@doyensec/electronegativity/dist/util');

/** The parts of the project that end up in the app: main, preload, services, renderer, and the Electron version. */
const SCANNED = ['electron', 'renderer', 'shared', 'package.json'];
/** Fetches Electron's release list from GitHub: not offline, and not about our code. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const SEVERITIES = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
const FAILING = new Set(['HIGH', 'MEDIUM']);

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const root = resolve(option('--root') ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
const csv = option('--csv');

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const electronVersion = (pkg.devDependencies?.electron ?? pkg.dependencies?.electron ?? '').replace(/^[^\d]*/, '');
if (!electronVersion) fail(`${join(root, 'package.json')}: no electron dependency, so Electronegativity would assume Electron 0.1's insecure defaults`);

// One input folder holding exactly the scanned parts (symbolic links), so node_modules, out/ and the
// test fixtures are neither walked nor reported.
const input = mkdtempSync(join(tmpdir(), 'bringup-electronegativity-'));
let verdict;
try {
  verdict = await scan(input);
} finally {
  rmSync(input, { recursive: true, force: true });
}
if (verdict) fail(verdict);
console.log('security: pass (only high and medium findings fail)');

/** Runs the scan and prints every finding; returns why the gate fails, or null. */
async function scan(input) {
  for (const part of SCANNED) if (existsSync(join(root, part))) symlinkSync(join(root, part), join(input, part));
  const files = (await listFiles(input)) ?? [];
  if (!files.some((f) => /\.(ts|tsx|js)$/.test(f))) return `${root}: nothing to scan (looked in ${SCANNED.join(', ')})`;

  const log = console.log;
  console.log = () => {}; // "Could not retrieve updated translations for the current locale"
  let result;
  try {
    result = await run({
      input,
      output: csv ? resolve(csv) : undefined,
      isSarif: false,
      customScan: [],
      excludeFromScan: EXCLUDED_CHECKS,
      isRelative: true,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    });
  } finally {
    console.log = log;
  }

  const unreadable = result.errors.filter((e) => !e.tolerable);
  const findings = result.issues.map((issue) => ({
    id: issue.id,
    severity: issue.severity.name,
    review: issue.manualReview,
    where: `${issue.file}:${issue.location.line}:${issue.location.column}`,
    sample: issue.sample ?? '',
  }));
  findings.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.where.localeCompare(b.where));

  const version = require('@doyensec/electronegativity/package.json').version;
  console.log(`Electronegativity ${version}: ${files.length} files in ${SCANNED.join(', ')}; Electron ${electronVersion}; ${result.atomicChecks} atomic and ${result.globalChecks} global checks (excluded: ${EXCLUDED_CHECKS.join(', ')})`);
  for (const f of findings) {
    console.log(`  ${FAILING.has(f.severity) ? 'FAIL' : 'ok  '} ${f.severity.padEnd(13)} ${f.id}${f.review ? ' (review required)' : ''}  ${f.where}  ${f.sample.slice(0, 100)}`);
  }
  for (const e of unreadable) console.log(`  FAIL could not parse ${e.file.replace(input, root)}: ${e.message} (so it was not checked)`);
  for (const s of suppressions(files)) console.log(`  off  ${'suppressed'.padEnd(13)} ${s.checks}  ${s.where}  (reason: ${s.reason || 'NONE GIVEN'})`);
  const counts = SEVERITIES.map((s) => `${findings.filter((f) => f.severity === s).length} ${s.toLowerCase()}`).join(', ');
  console.log(`  ${counts}; ${unreadable.length} unreadable`);
  if (!findings.some((f) => FAILING.has(f.severity)) && !unreadable.length) return null;
  return `${counts}; ${unreadable.length} unreadable file(s). Fix the setting, or suppress that one finding with /* eng-disable CHECK_ID */, a written reason, and a unit test that proves the setting.`;
}

/** Every eng-disable annotation, with the comment lines just above it (the written reason). */
function suppressions(files) {
  const found = [];
  for (const file of files) {
    if (!/\.(ts|tsx|js|html)$/.test(file)) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const match = /eng-disable[ \t]+([\w \t]+)/.exec(line);
      if (!match) return;
      const reason = [];
      for (let j = i - 1; j >= 0 && /^\s*(\/\/|\*|\/\*|<!--)/.test(lines[j]); j--) reason.unshift(lines[j].replace(/^\s*(\/\/|\/?\*+|<!--)\s?/, '').replace(/-->\s*$/, ''));
      found.push({ checks: match[1].trim(), where: `${file.slice(input.length + 1)}:${i + 1}`, reason: reason.join(' ').trim() });
    });
  }
  return found;
}

function fail(message) {
  console.error(`security: FAIL: ${message}`);
  process.exit(1);
}
