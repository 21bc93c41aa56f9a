import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A `bringup web` of its own behind a byte-counting TCP relay, to measure the bytes on the wire
 * between the browser and browser mode: every byte, headers, bodies, workers and the event socket
 * included (Chromium's own accounting misses the bodies of worker scripts).
 *
 * The server listens on 127.0.0.2:P and the relay on 127.0.0.1:P, so the browser's Host and
 * Origin (127.0.0.1:P) are ones the server accepts, unchanged.
 */
export interface Traffic {
  /** Server → browser. */
  down: number;
  /** Browser → server. */
  up: number;
}

export interface MeteredServer {
  /** The tokened URL, through the relay. */
  url: string;
  /** Bytes since the last call (or since start), and resets the count. */
  take(): Traffic;
  /** Resolves once no byte has crossed the relay for `quietMs`. */
  quiet(quietMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startMeteredServer(env: NodeJS.ProcessEnv, cwd = process.cwd()): Promise<MeteredServer> {
  const child: ChildProcess = spawn(process.execPath, ['bin/bringup.js', 'web', '--host', '127.0.0.2', '--port', '0'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const direct = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`bringup web did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.2:\d+\/\?token=[0-9a-f]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`bringup web exited with ${code}: ${out}`)));
  });
  const port = Number(new URL(direct).port);
  let traffic: Traffic = { down: 0, up: 0 };
  let lastByte = Date.now();
  const sockets = new Set<Socket>();
  const relay: Server = createServer((browserSide) => {
    const serverSide = connect(port, '127.0.0.2');
    for (const s of [browserSide, serverSide]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => (browserSide.destroy(), serverSide.destroy()));
    }
    serverSide.on('data', (chunk: Buffer) => {
      traffic.down += chunk.length;
      lastByte = Date.now();
    });
    browserSide.on('data', (chunk: Buffer) => {
      traffic.up += chunk.length;
      lastByte = Date.now();
    });
    serverSide.pipe(browserSide);
    browserSide.pipe(serverSide);
  });
  await new Promise<void>((resolve, reject) => {
    relay.once('error', reject);
    relay.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: direct.replace('127.0.0.2', '127.0.0.1'),
    take() {
      const t = traffic;
      traffic = { down: 0, up: 0 };
      return t;
    },
    async quiet(quietMs = 750) {
      while (Date.now() - lastByte < quietMs) await new Promise((r) => setTimeout(r, 100));
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
