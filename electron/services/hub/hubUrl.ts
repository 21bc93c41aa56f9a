import type { Env } from '../cache/resolveCacheDir';

export const PUBLIC_HUB_URL = 'https://huggingface.co';

/** The Hub base URL: the app setting or `--hub-url`, else `HF_ENDPOINT`, else the public Hub. */
export function resolveHubUrl(setting?: string | null, env: Env = process.env): string {
  const url = (setting || env.HF_ENDPOINT || PUBLIC_HUB_URL).trim().replace(/\/+$/, '');
  return url;
}

const TRUE = /^(1|true|yes|on)$/i;

/** Offline as huggingface_hub reads it: `HF_HUB_OFFLINE` (or `TRANSFORMERS_OFFLINE`) truthy, or the option. */
export function isOffline(env: Env = process.env, option?: boolean): boolean {
  return !!option || TRUE.test(env.HF_HUB_OFFLINE ?? '') || TRUE.test(env.TRANSFORMERS_OFFLINE ?? '');
}

/** `/{repo}/resolve/{revision}/{path}`: the URL the Hub serves a file (and its byte ranges) from. */
export function resolveFileUrl(hubUrl: string, repo: string, revision: string, path: string): string {
  return `${hubUrl.replace(/\/+$/, '')}/${repo}/resolve/${encodeURIComponent(revision)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}
