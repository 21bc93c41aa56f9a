import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';


/**
 * Browser mode's gate: a random token printed once at start, exchanged on first visit for an
 * HttpOnly SameSite=Strict session cookie; the Host header must name this server (DNS rebinding)
 * and a present Origin must be this server's (cross-site requests).
 */
export class WebAuth {
  readonly token = randomBytes(24).toString('hex');
  readonly session = randomBytes(24).toString('hex');
  private allowedHosts: Set<string>;
  /** Browsers scope cookies by host, not port: a second `bringup web` must not replace this session. */
  readonly cookieName: string;

  constructor(host: string, port: number) {
    this.cookieName = `bringup_session_${port}`;
    const names = new Set([host, '127.0.0.1', 'localhost', '[::1]']);
    this.allowedHosts = new Set([...names].map((name) => `${name}:${port}`));
  }

  hostAllowed(req: IncomingMessage): boolean {
    return typeof req.headers.host === 'string' && this.allowedHosts.has(req.headers.host.toLowerCase());
  }

  originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    try {
      const url = new URL(origin);
      return url.protocol === 'http:' && this.allowedHosts.has(url.host.toLowerCase());
    } catch {
      return false;
    }
  }

  tokenMatches(candidate: string | null | undefined): boolean {
    return !!candidate && safeEqual(candidate, this.token);
  }

  /** A request is authenticated by the session cookie or by `Authorization: Bearer <token>`. */
  authenticated(req: IncomingMessage): boolean {
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (this.tokenMatches(bearer)) return true;
    const cookie = parseCookies(req.headers.cookie ?? '')[this.cookieName];
    return !!cookie && safeEqual(cookie, this.session);
  }

  sessionCookie(): string {
    return `${this.cookieName}=${this.session}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseCookies(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
