/**
 * Test support for the runner and serve tests: the supervisor compiled from its source (so the tests
 * never run a stale build), port folders made with `bringup generate` as a user would, the fake `max`
 * on PATH, and /proc reads to prove no process of a group is left.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { runCli, type CommandEntry } from '../../../cli/run';
import { generateCommand } from '../../../cli/commands/generate';
import { updateProjectFile } from '../../project/projectFile';

export const REPO = resolve(__dirname, '../../../..');
export const FAKE_MAX_DIR = join(REPO, 'fixtures', 'fake-max');
export const FAKE_MAX = join(FAKE_MAX_DIR, 'max');
export const TINY_LLAMA = join(REPO, 'e2e', 'fixtures', 'checkpoints', 'tiny-llama3');

/** The supervisor's TypeScript (and the module it imports), transpiled once per content into the temp folder. */
export function supervisorForTests(): string {
  const files = ['supervisor/supervisorMain.ts', 'processGroup.ts'].map((f) => [f, readFileSync(join(REPO, 'electron/services/runner', f), 'utf8')] as const);
  const hash = createHash('sha256').update(files.map(([, text]) => text).join('\0')).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `bringup-supervisor-${hash}`);
  const main = join(dir, 'supervisor', 'supervisorMain.js');
  if (!existsSync(main)) {
    const tmp = `${dir}.${process.pid}.tmp`;
    mkdirSync(join(tmp, 'supervisor'), { recursive: true });
    for (const [file, source] of files) {
      const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
      writeFileSync(join(tmp, file.replace(/\.ts$/, '.js')), js);
    }
    try {
      renameSync(tmp, dir);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another test file made it first
    }
  }
  return main;
}

/** The environment the fake max needs: on PATH, fast timings, no structured logging unless asked. */
export function fakeEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('FAKE_MAX') && !k.startsWith('MAX_SERVE') && k !== 'MODULAR_STRUCTURED_LOGGING' && k !== 'VIRTUAL_ENV') env[k] = v;
  env.PATH = `${FAKE_MAX_DIR}:${process.env.PATH ?? ''}`;
  env.FAKE_MAX_LOAD_MS = '120';
  env.FAKE_MAX_BIND_DELAY_MS = '80';
  env.FAKE_MAX_TOKEN_MS = '5';
  return { ...env, ...extra };
}

export interface TestPort {
  dir: string;
  packageDir: string;
  servePath: string;
  archName: string;
  cleanup(): void;
}

/**
 * A port folder as `bringup generate --name` writes it, plus the serve folder the issue-9 work makes
 * (config.json with the registered name, the weights linked), recorded as the project's servePath.
 */
export async function makePort(options: { name?: string; serveFolder?: boolean; configPatch?: Record<string, unknown> } = {}): Promise<TestPort> {
  const dir = mkdtempSync(join(tmpdir(), 'bringup-serve-port-'));
  const name = options.name ?? 'TinyLlamaPort';
  const entries: CommandEntry[] = [{ name: 'generate', summary: '', load: async () => generateCommand }];
  let err = '';
  const code = await runCli(['generate', TINY_LLAMA, '--out', dir, '--name', name, '--json'], entries, { out: () => undefined, err: (t) => (err += t) }, { HOME: '/nonexistent', HF_HUB_OFFLINE: '1' }, REPO);
  if (code !== 0) throw new Error(`bringup generate failed: ${err}`);
  const packageName = readdirSync(dir).find((f) => existsSync(join(dir, f, 'arch.py')))!;
  // generate made the serve folder (checkpoint/: config.json naming the registered name, links to the rest).
  const servePath = join(dir, 'checkpoint');
  if (options.serveFolder === false) {
    rmSync(servePath, { recursive: true, force: true });
    await updateProjectFile(dir, (p) => ({ ...p!, servePath: null, serveFolder: null }));
  } else if (options.configPatch) {
    const config = JSON.parse(readFileSync(join(servePath, 'config.json'), 'utf8'));
    writeFileSync(join(servePath, 'config.json'), JSON.stringify({ ...config, ...options.configPatch }, null, 2));
  }
  return { dir, packageDir: join(dir, packageName), servePath, archName: name, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Live (not zombie) processes whose process group is `pgid`, from /proc. */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') members.push(Number(name));
  }
  return members;
}

export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Polls until `check` holds or the time is up; returns whether it held. */
export async function eventually(check: () => boolean, timeoutMs = 15_000, everyMs = 50): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return check();
}

/** The fake's trace file (FAKE_MAX_TRACE): one event a line with Date.now(). */
export function readTrace(path: string): { event: string; at: number; pid: number; [k: string]: unknown }[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

import { EventBus } from '../../events';
import { memorySecretStore } from '../../hub/token';
import { Runner } from '../../runner/runner';
import { createSettingsStore } from '../../settings/settingsService';
import { createAppSources } from '../../source/appSources';
import { createServeService } from '../serveService';

/** The serve service as the faces build it, over the fake max, with the events it emits recorded (with Date.now()). */
export function makeServe(env: Record<string, string> = fakeEnv()) {
  const events = new EventBus();
  const seen: { event: string; payload: unknown; at: number }[] = [];
  events.subscribe((event, payload) => seen.push({ event, payload, at: Date.now() }));
  const dataDir = mkdtempSync(join(tmpdir(), 'bringup-serve-data-'));
  const options = { face: 'cli' as const, resourcesDir: join(REPO, 'resources'), dataDir, env, version: 'test' };
  const sources = createAppSources(options, createSettingsStore(dataDir), memorySecretStore());
  const serve = createServeService({ env, events, sources, runner: new Runner({ kind: 'node', path: supervisorForTests() }), version: 'test' });
  return { serve, events, seen, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}
