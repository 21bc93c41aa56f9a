/**
 * Is a TCP port free for `max serve`, and if not, who holds it. The test is MAX's own
 * (api_server.py::validate_port_is_free binds ("", port): every IPv4 interface); the holder comes from
 * /proc/net/tcp{,6} (the listening socket's inode) and /proc/<pid>/fd (who has that socket open), else
 * from `ss -ltnpH` where /proc cannot say (another user's process, another OS).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { PortCheck, PortHolder } from '../../../shared/serve/types';

export function canBind(port: number, host = '0.0.0.0'): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

export async function checkPort(port: number): Promise<PortCheck> {
  if (await canBind(port)) return { port, free: true, holder: null };
  return { port, free: false, holder: await findPortHolder(port) };
}

/** Socket inodes listening on the port, from /proc/net/tcp and tcp6 (state 0A = LISTEN). */
async function listeningInodes(port: number): Promise<string[]> {
  const inodes: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const row of text.split('\n').slice(1)) {
      const cols = row.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue;
      const local = cols[1];
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) inodes.push(cols[9]);
    }
  }
  return inodes;
}

export async function findPortHolder(port: number): Promise<PortHolder | null> {
  const inodes = await listeningInodes(port);
  if (inodes.length) {
    const wanted = new Set(inodes.map((i) => `socket:[${i}]`));
    const pids = (await readdir('/proc').catch(() => [] as string[])).filter((n) => /^\d+$/.test(n));
    for (const pid of pids) {
      const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
      for (const fd of fds) {
        const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
        if (wanted.has(target)) return describe(Number(pid));
      }
    }
  }
  const fromSs = await holderFromSs(port);
  if (fromSs) return fromSs;
  // Something listens (the bind failed) but neither /proc nor ss can say what: another user's process.
  return inodes.length ? { pid: null, name: null, command: null } : null;
}

async function describe(pid: number): Promise<PortHolder> {
  const name = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim() || null;
  const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean).join(' ');
  return { pid, name, command: cmdline || null };
}

function holderFromSs(port: number): Promise<PortHolder | null> {
  return new Promise((resolve) => {
    execFile('ss', ['-ltnpH', `sport = :${port}`], { timeout: 3000 }, (err, stdout) => {
      if (err) return resolve(null);
      const m = /users:\(\("([^"]+)",pid=(\d+)/.exec(stdout);
      resolve(m ? { pid: Number(m[2]), name: m[1], command: null } : null);
    });
  });
}

/** A port that is free now: the next ones after `from`, never one of `avoid` (MAX's metrics port), else any. */
export async function findFreePort(from: number, avoid: readonly number[]): Promise<number> {
  for (let port = Math.max(1024, from + 1); port < Math.min(65535, from + 64); port++) {
    if (avoid.includes(port)) continue;
    if (await canBind(port)) return port;
  }
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen({ port: 0, host: '0.0.0.0', exclusive: true }, () => {
        const address = probe.address();
        const chosen = typeof address === 'object' && address ? address.port : 0;
        probe.close(() => resolve(chosen));
      });
    });
    if (!avoid.includes(port)) return port;
  }
}
