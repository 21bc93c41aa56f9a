import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveHfHome, type Env } from '../cache/resolveCacheDir';
import { PUBLIC_HUB_URL } from './hubUrl';

/** Where a token the user typed is kept; Electron main implements it with safeStorage. */
export interface SecretStore {
  get(): Promise<string | null>;
  set(value: string): Promise<void>;
  clear(): Promise<void>;
}

export type { TokenSource, TokenStatus } from '../../../shared/hub/types';
import type { TokenSource, TokenStatus } from '../../../shared/hub/types';

export interface ResolvedToken {
  source: TokenSource;
  token: string;
}

/** For tests and for the CLI (which has no safeStorage). */
export function memorySecretStore(initial: string | null = null): SecretStore {
  let value = initial;
  return {
    get: async () => value,
    set: async (v) => {
      value = v;
    },
    clear: async () => {
      value = null;
    },
  };
}

/** The token file huggingface_hub writes: `HF_TOKEN_PATH`, else `<HF_HOME>/token`. */
export function tokenFilePath(env: Env = process.env): string {
  return env.HF_TOKEN_PATH || join(resolveHfHome(env), 'token');
}

/**
 * The token to send, in huggingface_hub's order: `HF_TOKEN`, then the token file, then one the user
 * entered in the app. Empty values are skipped. Never log the result.
 */
export async function resolveToken(env: Env = process.env, store?: SecretStore): Promise<ResolvedToken | null> {
  const fromEnv = env.HF_TOKEN?.trim();
  if (fromEnv) return { source: 'env', token: fromEnv };
  const fromFile = readTokenFile(tokenFilePath(env));
  if (fromFile) return { source: 'file', token: fromFile };
  const fromUser = (await store?.get().catch(() => null))?.trim();
  if (fromUser) return { source: 'user', token: fromUser };
  return null;
}

/** A few bytes, read synchronously: every CLI command asks, and fs.promises would cost it 6 ms to load. */
function readTokenFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

export async function tokenStatus(env: Env = process.env, store?: SecretStore): Promise<TokenStatus> {
  const t = await resolveToken(env, store);
  return { source: t?.source ?? null, present: !!t };
}

/** A provider the Hub client calls per request, so a token entered later is picked up. */
export type TokenProvider = () => Promise<string | null>;

export function tokenProvider(env: Env = process.env, store?: SecretStore): TokenProvider {
  return async () => (await resolveToken(env, store))?.token ?? null;
}

/**
 * The token goes only to a Hub the user named outside the app: the public Hub or HF_ENDPOINT. A Hub
 * URL typed into the app's settings (which the renderer can change) never receives it, so a
 * compromised or mistaken setting cannot send the token to another host.
 */
export function tokenIsTrustedFor(hubUrl: string, env: Env = process.env): boolean {
  const trusted = [PUBLIC_HUB_URL, env.HF_ENDPOINT].filter((u): u is string => !!u);
  try {
    const origin = new URL(hubUrl).origin;
    return trusted.some((u) => new URL(u).origin === origin);
  } catch {
    return false;
  }
}

/** The token for requests to `hubUrl`, or null when that Hub is not trusted with it. */
export async function tokenFor(hubUrl: string, env: Env = process.env, store?: SecretStore): Promise<string | null> {
  return tokenIsTrustedFor(hubUrl, env) ? ((await resolveToken(env, store))?.token ?? null) : null;
}
