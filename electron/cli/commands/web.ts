import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createServices } from '../../services';
import { startWebServer } from '../../web/server';
import { badInput } from '../../../shared/errors';
import type { CliCommand } from '../command';
import { packageRoot, packageVersion } from '../paths';

export const webCommand: CliCommand = {
  name: 'web',
  summary: 'Start the browser mode (the app in any browser, on this machine by default)',
  usage: 'bringup web [--port N] [--host 127.0.0.1] [--open]',
  options: {
    port: { type: 'string', value: 'N', description: 'the port to listen on (default: a free one)' },
    host: { type: 'string', value: 'ADDR', description: 'the address to bind (default 127.0.0.1; anything else exposes this machine to whoever has the token)' },
    open: { type: 'boolean', description: 'open the URL in the default browser' },
  },
  handlesSignals: true,
  async run({ values, io, env, signal }) {
    const root = packageRoot();
    const rendererDir = join(root, 'out', 'renderer');
    if (!existsSync(join(rendererDir, 'index.html'))) throw badInput(`${rendererDir}: the UI is not built; run \`npm run build\` first`);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw badInput(`--port ${String(values.port)}: not a port number`);
    const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
    const services = createServices({
      face: 'browser',
      resourcesDir: join(root, 'resources'),
      dataDir: env.BRINGUP_DATA_DIR ?? join(homedir(), '.config', 'bringup'),
      env,
      version: packageVersion(root),
    });
    const server = await startWebServer({ services, rendererDir, host, port });
    if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
      io.err(`warning: listening on ${host}: anyone who can reach it and has the token can use this machine's files\n`);
    }
    io.out(`Bringup browser mode: ${server.url}\n`);
    if (values.open) openInBrowser(server.url);
    // Until Ctrl+C, a kill or a closed terminal: then every process the services started is ended too.
    await new Promise<void>((resolve) => {
      if (!signal || signal.aborted) return resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    services.dispose();
    return 0;
  },
};

function openInBrowser(url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}
