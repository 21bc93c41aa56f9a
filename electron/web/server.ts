import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch } from '../../shared/api/dispatch';
import type { Services } from '../services';
import { WebAuth } from './auth';
import { serveStatic } from '../services/static/staticAssets';
import { CONTENT_SECURITY_POLICY } from '../services/static/staticFiles';

export interface WebServerOptions {
  services: Services;
  rendererDir: string;
  host?: string;
  port?: number;
}

export interface WebServer {
  /** The URL to open, with the one-time token. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;
const RPC_PATH = /^\/rpc\/([A-Za-z]+)\/([A-Za-z]+)$/;

/** Browser mode: the renderer build and the services over HTTP + WebSocket, behind a token. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  const sockets = new WebSocketServer({ noServer: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const auth = new WebAuth(host, port);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  server.on('request', (req, res) => {
    handle(req, res).catch(() => send(res, 500, 'internal error'));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!auth.hostAllowed(req) || !auth.originAllowed(req)) return send(res, 403, 'forbidden: foreign Host or Origin');
    const url = new URL(req.url ?? '/', origin);
    const offered = url.searchParams.get('token');
    if (offered !== null) {
      if (!auth.tokenMatches(offered)) return send(res, 401, 'unauthorized: wrong token');
      res.writeHead(302, { 'Set-Cookie': auth.sessionCookie(), Location: '/', 'Cache-Control': 'no-store' });
      return void res.end();
    }
    if (!auth.authenticated(req)) {
      return send(res, 401, 'unauthorized: open the URL with the token that `bringup web` printed');
    }
    const rpc = RPC_PATH.exec(url.pathname);
    if (rpc) {
      if (req.method !== 'POST') return send(res, 405, 'method not allowed');
      const body = await readBody(req);
      if (body === null) return send(res, 413, 'request too large');
      let args: unknown;
      try {
        args = (JSON.parse(body) as { args?: unknown }).args;
      } catch {
        return send(res, 400, 'request body is not JSON');
      }
      const result = await dispatch(options.services.api, rpc[1], rpc[2], args);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      return void res.end(JSON.stringify(result));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    const file = await serveStatic(options.rendererDir, url.pathname, {
      acceptEncoding: header(req.headers['accept-encoding']),
      ifNoneMatch: header(req.headers['if-none-match']),
      head: req.method === 'HEAD',
    });
    if (!file) return send(res, 404, 'not found');
    res.writeHead(file.status, {
      ...file.headers,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    res.end(file.body ?? undefined);
  }

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== '/events' || !auth.hostAllowed(req) || !auth.originAllowed(req) || !auth.authenticated(req)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const unsubscribe = options.services.events.subscribe((event, payload) => ws.send(JSON.stringify({ event, payload })));
      ws.on('close', unsubscribe);
      ws.on('message', () => ws.close(1003, 'events are one-way'));
    });
  });

  return {
    url: `${origin}/?token=${auth.token}`,
    origin,
    token: auth.token,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

function send(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(message + '\n');
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
