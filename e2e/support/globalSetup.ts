import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts the real browser mode (`bringup web`, the built CLI) as its own process, with a scratch
 * data folder and HF cache, and hands its tokened URL to the specs through the environment.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const scratch = mkdtempSync(join(tmpdir(), 'bringup-e2e-'));
  const env = {
    ...process.env,
    BRINGUP_DATA_DIR: join(scratch, 'data'),
    HF_HUB_CACHE: process.env.BRINGUP_E2E_CACHE ?? join(scratch, 'hf-cache'),
    HF_HUB_OFFLINE: '1',
  };
  const server: ChildProcess = spawn(process.execPath, ['bin/bringup.js', 'web', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`bringup web did not start: ${out}`)), 20_000);
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    server.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    server.on('exit', (code) => reject(new Error(`bringup web exited with ${code}: ${out}`)));
  });
  process.env.BRINGUP_URL = url;
  process.env.BRINGUP_SCRATCH = scratch;
  return async () => {
    server.kill('SIGTERM');
  };
}
