/**
 * Kill -9 at random moments (issue 9's proof): a child process writes one port over and over
 * (four generated packages: two registered names, so a rename every other write, and two MAX
 * versions, so the same files change in place; the serve folder; .bringup/; project.json with
 * evidence and runs) and is killed with SIGKILL many times. After each kill every file parses and
 * holds one of the contents a complete write gives, no false conflict appears, and the next run (a
 * full `writePort`, as the CLI and the app do it) succeeds and leaves no temporary file, journal or
 * second package behind.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { analyzeForPort } from '../../../shared/config/analyzeForPort';
import { serveConfigText } from '../../../shared/project/configEdits';
import { parseProjectFile } from '../../../shared/project/schema';
import { ATOMIC_TEMP } from '../fs/atomicWrite';
import { localSourceReader } from '../source/localSource';
import { generateForCheckpoint } from './generateForCheckpoint';
import { portReader } from './portReader';
import { writePort } from './writePort';

const NAMES = ['TinyCrashA', 'TinyCrashB'];
const VERSIONS = ['26.5.0.dev2026062514', '26.4'];
const KILLS = 50;
const FIXTURE = resolve(__dirname, '../../../e2e/fixtures/checkpoints/tiny-llama3');

let root: string;
let checkpoint: string;
let child: string;
let packagesJson: string;
/** Package name → file → every content a complete write can leave there. */
const allowed = new Map<string, Map<string, Set<string>>>();
const serveConfigs = new Set<string>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bringup-crash-'));
  checkpoint = join(root, 'tiny-llama3');
  cpSync(FIXTURE, checkpoint, { recursive: true });
  writeFileSync(join(checkpoint, 'tokenizer.json'), '{"model": {}}');
  await build({
    configFile: false,
    logLevel: 'silent',
    ssr: { noExternal: true }, // one self-contained file: it runs from a temp folder with no node_modules
    build: {
      ssr: true, target: 'node20', outDir: join(root, 'bin'), minify: false, emptyOutDir: true,
      rolldownOptions: { input: { crashWriter: resolve(__dirname, 'crashWriter.fixture.ts') }, output: { format: 'esm', entryFileNames: '[name].mjs' } },
    },
  });
  child = join(root, 'bin', 'crashWriter.mjs');
  // The packages the writer cycles through, generated as writePort generates them (weights renames included).
  const reader = localSourceReader({ given: checkpoint, kind: 'local', dir: checkpoint, label: checkpoint });
  const { config, analysis } = analyzeForPort(readFileSync(join(checkpoint, 'config.json'), 'utf8'), 'config.json', { source: checkpoint });
  const packages = [];
  for (const archName of NAMES) for (const maxVersion of VERSIONS) {
    const pkg = await generateForCheckpoint(reader, undefined, { analysis, config, archName, maxVersion, weightsFormat: 'safetensors' });
    packages.push({ packageName: pkg.packageName, maxVersion: pkg.maxVersion, archName, files: pkg.files.map((f) => ({ path: f.path, content: f.content })) });
    const files = allowed.get(pkg.packageName) ?? new Map<string, Set<string>>();
    for (const file of pkg.files) files.set(file.path, (files.get(file.path) ?? new Set<string>()).add(file.content));
    allowed.set(pkg.packageName, files);
    serveConfigs.add(serveConfigText(readFileSync(join(checkpoint, 'config.json'), 'utf8'), archName));
  }
  packagesJson = join(root, 'packages.json');
  writeFileSync(packagesJson, JSON.stringify(packages));
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Starts the writer; resolves once it is writing. */
function startWriter(dir: string, start: number, iterations?: number): { ready: Promise<void>; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>; kill(): void } {
  const proc = spawn(process.execPath, [child, dir, checkpoint, packagesJson, String(start), ...(iterations ? [String(iterations)] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const ready = new Promise<void>((res, rej) => {
    proc.stdout!.on('data', (c: Buffer) => c.toString().includes('writing') && res());
    proc.on('exit', () => rej(new Error(`writer exited before writing: ${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((res) => proc.on('exit', (code, signal) => res({ code, signal, stderr })));
  return { ready, exited, kill: () => proc.kill('SIGKILL') };
}

/** Every file of the port parses and is one a complete write gives; returns how many files were checked. */
function checkPort(dir: string): { files: number; temps: number; torn: number } {
  let files = 0;
  let temps = 0;
  let torn = 0;
  const project = parseProjectFile(JSON.parse(readFileSync(join(dir, '.bringup/project.json'), 'utf8')));
  expect(project.ok, project.ok ? '' : project.error).toBe(true);
  files++;
  if (!project.ok) return { files, temps, torn };
  for (const name of ['config.json', 'source-config.json', 'write.json']) {
    const path = join(dir, '.bringup', name);
    if (existsSync(path)) {
      JSON.parse(readFileSync(path, 'utf8'));
      files++;
    }
  }
  // The package project.json names is complete: every file there, each a complete generation.
  expect(existsSync(join(dir, project.project.packageName))).toBe(true);
  for (const [pkg, expected] of allowed) {
    for (const [root2, label] of [[join(dir, pkg), 'package'], [join(dir, '.bringup/generated', pkg), 'generated']] as const) {
      if (!existsSync(root2)) continue;
      for (const file of readdirSync(root2)) {
        if (ATOMIC_TEMP.test(file)) {
          temps++;
          continue;
        }
        const content = readFileSync(join(root2, file), 'utf8');
        expect(expected.get(file)?.has(content), `${label} ${pkg}/${file} is not a complete generation`).toBe(true);
        files++;
      }
    }
    if (pkg !== project.project.packageName) continue;
    for (const file of expected.keys()) {
      expect(existsSync(join(dir, pkg, file)), `${pkg}/${file} missing`).toBe(true);
      // Killed between a package file and its generated copy: the journal must tell this from an edit next time.
      const generated = join(dir, '.bringup/generated', pkg, file);
      const content = readFileSync(join(dir, pkg, file), 'utf8');
      if (existsSync(generated) && readFileSync(generated, 'utf8') !== content) {
        torn++;
        const journal = JSON.parse(readFileSync(join(dir, '.bringup/write.json'), 'utf8')) as { packageName: string; files: Record<string, string>; written?: Record<string, Record<string, string[]>> };
        const named = [...(journal.packageName === pkg ? [journal.files[file]] : []), ...(journal.written?.[pkg]?.[file] ?? [])];
        expect(named, `${pkg}/${file}: torn, and the journal does not name its content`).toContain(createHash('sha256').update(content).digest('hex'));
      }
    }
  }
  // No write was interrupted into a false conflict.
  expect(existsSync(join(dir, '.bringup/pending')) ? readdirSync(join(dir, '.bringup/pending'), { recursive: true }).filter((p) => !lstatSync(join(dir, '.bringup/pending', String(p))).isDirectory()) : []).toEqual([]);
  const serve = join(dir, 'checkpoint');
  if (existsSync(join(serve, 'config.json'))) {
    expect(serveConfigs.has(readFileSync(join(serve, 'config.json'), 'utf8'))).toBe(true);
    files++;
  }
  if (existsSync(join(serve, 'model.safetensors'))) {
    expect(realpathSync(join(serve, 'model.safetensors'))).toBe(realpathSync(join(checkpoint, 'model.safetensors')));
    files++;
  }
  for (const name of readdirSync(serve, { withFileTypes: true }).map((e) => e.name).concat(readdirSync(join(dir, '.bringup')))) if (ATOMIC_TEMP.test(name)) temps++;
  return { files, temps, torn };
}

test(`${KILLS} kills at random moments: every file old or new, the next run succeeds`, async () => {
  const dir = join(root, 'port');
  const first = startWriter(dir, 0, 1);
  expect((await first.exited).code).toBe(0);
  const started = Date.now();
  let checked = 0;
  let temps = 0;
  let torn = 0;
  for (let k = 0; k < KILLS; k++) {
    const writer = startWriter(dir, k + 1);
    await writer.ready;
    await new Promise((r) => setTimeout(r, Math.random() * 150));
    writer.kill();
    const { signal, stderr } = await writer.exited;
    expect(signal, stderr).toBe('SIGKILL');
    const result = checkPort(dir);
    checked += result.files;
    temps += result.temps;
    torn += result.torn;
  }
  // The next run, as `bringup generate` and the app write: it completes, with no conflict, and leaves one package, no journal, no temporary file.
  const reader = localSourceReader({ given: checkpoint, kind: 'local', dir: checkpoint, label: checkpoint });
  const next = await writePort({ dir, reader, checkpoint: { source: checkpoint, kind: 'local', dir: checkpoint }, files: ['config.json', 'model.safetensors', 'tokenizer.json'], archName: NAMES[0], maxVersion: VERSIONS[0] }, { readerFor: portReader(() => Promise.reject(new Error('no Hub'))) });
  expect(next.conflicts).toEqual([]);
  // And every file is exactly what this generation gives: none left at another version by a kill.
  for (const file of next.pkg.files) expect(readFileSync(join(dir, next.packageName, file.path), 'utf8'), file.path).toBe(file.content);
  const register = next.status.steps.find((s) => s.id === 'register')!;
  expect(register.state, JSON.stringify(register)).toBe('done');
  checkPort(dir);
  const project = JSON.parse(readFileSync(join(dir, '.bringup/project.json'), 'utf8'));
  const packages = readdirSync(dir).filter((n) => allowed.has(n));
  expect(packages).toEqual([project.packageName]);
  expect(existsSync(join(dir, '.bringup/write.json'))).toBe(false);
  const leftovers = (readdirSync(dir, { recursive: true }) as string[]).filter((p) => ATOMIC_TEMP.test(p.split('/').pop()!));
  expect(leftovers).toEqual([]);
  console.log(`crash test: ${KILLS} SIGKILLs, ${checked} files checked, ${torn} kills between a file and its generated copy, ${temps} temporary files seen after kills (all swept), ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 120_000);
