import { spawn, type ChildProcess } from 'node:child_process';

export interface Web { url: string; stop(): Promise<void> }

/**
 * A `bringup web` of a spec's own (the built CLI), for specs that restart the server: resolves with
 * its tokened URL once it prints it, and a stop that waits for the process to exit.
 */
export function startWeb(env: NodeJS.ProcessEnv): Promise<Web> {
  const server: ChildProcess = spawn(process.execPath, ['bin/bringup.js', 'web', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`bringup web did not start: ${out}`)), 20_000);
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1],
        stop: () => new Promise((done) => {
          if (server.exitCode !== null || server.signalCode !== null) return done();
          server.once('exit', () => done());
          server.kill('SIGTERM');
        }),
      });
    });
    server.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    server.on('exit', (code) => reject(new Error(`bringup web exited with ${code}: ${out}`)));
  });
}
