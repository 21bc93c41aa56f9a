import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Serve specs: the fake `max` (fixtures/fake-max), port folders, and /proc to prove nothing is left. */
export const FAKE_MAX_DIR = resolve('fixtures/fake-max');
export const FAKE_MAX = join(FAKE_MAX_DIR, 'max');
export const TINY_LLAMA = resolve('e2e/fixtures/checkpoints/tiny-llama3');

/** A port made by the built `bringup generate --name`: the name differs from architectures[0], so it has a serve folder. */
export function generatedPort(archName = 'TinyLlamaPort'): { dir: string; packageDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bringup-e2e-serve-'));
  const run = spawnSync(process.execPath, ['bin/bringup.js', 'generate', TINY_LLAMA, '--out', dir, '--name', archName, '--json'], { encoding: 'utf8', env: { ...process.env, HF_HUB_OFFLINE: '1' } });
  if (run.status !== 0) throw new Error(`bringup generate: ${run.stderr}`);
  return { dir, packageDir: JSON.parse(run.stdout).packageDir };
}

/** Live (not zombie) processes in a process group, from /proc. */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

export function readTrace(path: string): { event: string; at: number; pid: number; [k: string]: unknown }[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

export async function eventually(check: () => boolean, timeoutMs = 15_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}
