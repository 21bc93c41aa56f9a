import { readFile, stat } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { resolveStaticFile } from './staticFiles';

/**
 * How browser mode sends the renderer build over a slow link (the SSH tunnel of the README):
 * the build's precompressed `.br` / `.gz` siblings when the client accepts them, hashed assets
 * cached for good, everything else (index.html) revalidated with an ETag.
 */
export type Coding = 'br' | 'gzip';

/** What the build writes beside each compressible asset (see electron.vite.config.ts). */
export const PRECOMPRESSED: readonly { coding: Coding; suffix: string }[] = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
];

/** Vite names every emitted asset `assets/<name>-<8-character hash>.<ext>`: its content never changes. */
const HASHED_ASSET = /^assets\/[^/]+-[A-Za-z0-9_-]{8}\.[A-Za-z0-9]+$/;

export const IMMUTABLE = 'private, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

export function cacheControlFor(relativePath: string): string {
  return HASHED_ASSET.test(relativePath) ? IMMUTABLE : REVALIDATE;
}

/**
 * The codings of an Accept-Encoding header that the client accepts (q > 0), most preferred first
 * among `offered` (RFC 9110 §12.5.3: `identity` and `*` included, a q of 0 refuses).
 */
export function acceptedCodings(header: string | undefined, offered: readonly Coding[]): Coding[] {
  if (!header) return [];
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const weight = (coding: Coding) => q.get(coding) ?? (coding === 'gzip' ? q.get('x-gzip') : undefined) ?? q.get('*') ?? 0;
  return offered.filter((c) => weight(c) > 0).sort((a, b) => weight(b) - weight(a));
}

export interface StaticRequest {
  acceptEncoding?: string;
  ifNoneMatch?: string;
  /** HEAD: the headers without the body. */
  head?: boolean;
}

export interface StaticResponse {
  status: 200 | 304;
  headers: Record<string, string>;
  body: Buffer | null;
}

/** Strong validator of one stored representation, from its size and modification time (as nginx does). */
function etagOf(info: { size: number; mtimeMs: number }): string {
  return `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  // Weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored.
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * Resolves `urlPath` inside `root` and answers it: the best precompressed representation the
 * client accepts, 304 when its ETag still matches, null when there is no such file.
 */
export async function serveStatic(root: string, urlPath: string, request: StaticRequest): Promise<StaticResponse | null> {
  const file = await resolveStaticFile(root, urlPath);
  if (!file) return null;
  let path = file.path;
  let info = await stat(path);
  let coding: Coding | null = null;
  for (const candidate of acceptedCodings(request.acceptEncoding, PRECOMPRESSED.map((p) => p.coding))) {
    const variant = path + PRECOMPRESSED.find((p) => p.coding === candidate)!.suffix;
    const variantInfo = await stat(variant).catch(() => null);
    // A variant older than its source is left over from another build: never serve it.
    if (variantInfo?.isFile() && variantInfo.mtimeMs >= info.mtimeMs) {
      path = variant;
      info = variantInfo;
      coding = candidate;
      break;
    }
  }
  const etag = etagOf(info);
  const headers: Record<string, string> = {
    'Content-Type': file.type,
    'Cache-Control': cacheControlFor(relative(root, file.path).split(sep).join('/')),
    ETag: etag,
    Vary: 'Accept-Encoding',
  };
  if (coding) headers['Content-Encoding'] = coding;
  if (matches(request.ifNoneMatch, etag)) return { status: 304, headers, body: null };
  headers['Content-Length'] = String(info.size);
  return { status: 200, headers, body: request.head ? null : await readFile(path) };
}
