import { listFiles, modelInfo as hubModelInfo } from '@huggingface/hub';
import { BringupError } from '../../../shared/errors';
import type { Env } from '../cache/resolveCacheDir';
import { hubStatusError, offlineError, toHubError, type Audience, type HubErrorContext } from './hubErrors';
import { isOffline, resolveFileUrl, resolveHubUrl } from './hubUrl';
import { isSafeRepoPath } from './pathSafety';
import type { TokenProvider } from './token';

export type { HubSort, SearchParams, HubModelSummary, SearchResult, HubFile, HubModelInfo } from '../../../shared/hub/types';
import type { SearchParams, SearchResult, HubFile, HubModelDetails, HubModelInfo, HubModelSummary } from '../../../shared/hub/types';

export interface HubClientOptions {
  /** The Hub URL setting (or --hub-url); falls back to HF_ENDPOINT, then the public Hub. */
  hubUrl?: string | null;
  env?: Env;
  token?: TokenProvider;
  /** true: never make a request (also HF_HUB_OFFLINE=1). */
  offline?: boolean;
  /** Whose hints the errors give: the app's (the Offline switch) or the command line's (default). */
  audience?: Audience;
  /** Time allowed for each metadata request, body included (default 20 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Settings to pass to any @huggingface/hub function so it talks to the same Hub the same way. */
export interface HubCallParams {
  hubUrl: string;
  accessToken?: string;
  fetch: typeof fetch;
}

const MAX_TEXT_BYTES = 64 * 1024 * 1024;
const SEARCH_EXPAND = ['pipeline_tag', 'private', 'gated', 'downloads', 'likes', 'lastModified', 'library_name', 'tags'];

export interface HubClient {
  readonly hubUrl: string;
  readonly offline: boolean;
  /** Why it is offline: HF_HUB_OFFLINE (env) or the caller's option (the app's switch, --offline). */
  readonly offlineReason: 'env' | 'option' | null;
  readonly audience: Audience;
  search(params: SearchParams): Promise<SearchResult>;
  /** `details`: also the pruned config, the safetensors parameter counts and the card metadata (the model page). */
  modelInfo(repo: string, revision?: string, options?: { details?: boolean }): Promise<HubModelInfo>;
  listFiles(repo: string, revision?: string): Promise<{ files: HubFile[]; warnings: string[] }>;
  /** A small text file, or null when the repo has no such file. */
  readText(repo: string, revision: string, path: string): Promise<string | null>;
  /** The resolve URL of a file (for range reads). */
  fileUrl(repo: string, revision: string, path: string): string;
  callParams(): Promise<HubCallParams>;
}

export function createHubClient(options: HubClientOptions = {}): HubClient {
  const env = options.env ?? process.env;
  const hubUrl = resolveHubUrl(options.hubUrl, env);
  const offline = isOffline(env, options.offline);
  const offlineReason = !offline ? null : isOffline(env) ? 'env' : 'option';
  const audience = options.audience ?? 'cli';
  const timeoutMs = options.timeoutMs ?? 20_000;
  const baseFetch = options.fetch ?? fetch;

  // Every request, ours and @huggingface/hub's, goes through here: the offline guard and a deadline.
  const guardedFetch: typeof fetch = (input, init) => {
    if (offline) return Promise.reject(offlineError(String(input instanceof Request ? input.url : input), offlineReason!, audience));
    const signal = init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
    return baseFetch(input, { ...init, signal });
  };

  const token = async () => (await options.token?.())?.trim() || undefined;
  const authHeaders = async (): Promise<Record<string, string>> => {
    const t = await token();
    return t ? { Authorization: `Bearer ${t}` } : {};
  };
  const guard = (what: string) => {
    if (offline) throw offlineError(what, offlineReason!, audience);
  };

  async function call<T>(ctx: HubErrorContext, fn: () => Promise<T>): Promise<T> {
    guard(ctx.repo ?? hubUrl);
    try {
      return await fn();
    } catch (err) {
      throw toHubError(err, { audience, ...ctx });
    }
  }

  async function getJson(url: string, ctx: HubErrorContext): Promise<{ json: unknown; res: Response }> {
    const res = await guardedFetch(url, { headers: { accept: 'application/json', ...(await authHeaders()) } });
    if (!res.ok) throw hubStatusError(res.status, res.headers.get('X-Error-Code'), await errorText(res), ctx);
    return { json: await res.json(), res };
  }

  async function listRepoFiles(repo: string, revision: string): Promise<{ files: HubFile[]; warnings: string[] }> {
    const files: HubFile[] = [];
    const warnings: string[] = [];
    const accessToken = await token();
    // listFiles does not encode the revision; a commit or branch is one segment, refs/pr/N is not.
    for await (const entry of listFiles({ repo, revision: encodeURIComponent(revision), recursive: true, hubUrl, accessToken, fetch: guardedFetch })) {
      if (entry.type !== 'file') continue;
      if (!isSafeRepoPath(entry.path)) {
        warnings.push(`${repo}: the Hub listed an unsafe file path ${JSON.stringify(entry.path)}; it is ignored`);
        continue;
      }
      files.push({
        path: entry.path,
        size: entry.size,
        oid: entry.oid,
        ...(entry.lfs ? { lfs: { sha256: entry.lfs.oid, size: entry.lfs.size } } : {}),
      });
    }
    return { files, warnings };
  }

  return {
    hubUrl,
    offline,
    offlineReason,
    audience,

    async search(params) {
      const ctx = { hubUrl };
      return call(ctx, async () => {
        let url: string;
        if (params.cursor) {
          url = decodeCursor(params.cursor, hubUrl);
        } else {
          const q = new URLSearchParams();
          q.set('limit', String(Math.min(Math.max(params.limit ?? 20, 1), 100)));
          if (params.query) q.set('search', params.query);
          if (params.author) q.set('author', params.author);
          if (params.task) q.set('pipeline_tag', params.task);
          if (params.library) q.append('filter', params.library);
          if (params.sort) {
            q.set('sort', params.sort);
            q.set('direction', '-1');
          }
          for (const e of SEARCH_EXPAND) q.append('expand', e);
          url = `${hubUrl}/api/models?${q}`;
        }
        const { json, res } = await getJson(url, ctx);
        if (!Array.isArray(json)) throw new BringupError('network', `${hubUrl}/api/models answered something other than a list of models`);
        const next = parseNextLink(res.headers.get('Link'));
        return { items: json.map(toSummary), nextCursor: next ? encodeCursor(next) : null };
      });
    },

    async modelInfo(repo, revision = 'main', options = {}) {
      const ctx = { hubUrl, repo };
      return call(ctx, async () => {
        const accessToken = await token();
        const info = await hubModelInfo({
          name: repo,
          revision,
          hubUrl,
          accessToken,
          fetch: guardedFetch,
          additionalFields: ['sha', 'library_name', 'tags', ...(options.details ? (['safetensors', 'config', 'cardData'] as const) : [])],
        });
        const raw = info as unknown as Record<string, unknown>;
        const sha = typeof raw.sha === 'string' ? raw.sha : null;
        if (!sha) throw new BringupError('network', `${repo}: ${hubUrl} did not say which commit ${revision} is`);
        const { files, warnings } = await listRepoFiles(repo, sha);
        return {
          ...toSummary({ ...raw, id: info.name, pipeline_tag: info.task, lastModified: info.updatedAt }),
          sha,
          files,
          warnings,
          details: options.details ? toDetails(raw) : null,
        };
      });
    },

    async listFiles(repo, revision = 'main') {
      return call({ hubUrl, repo }, () => listRepoFiles(repo, revision));
    },

    fileUrl(repo, revision, path) {
      return resolveFileUrl(hubUrl, repo, revision, path);
    },

    async readText(repo, revision, path) {
      const ctx = { hubUrl, repo, path };
      if (!isSafeRepoPath(path)) throw new BringupError('bad-input', `${repo}: unsafe file path ${JSON.stringify(path)}`);
      return call(ctx, async () => {
        const res = await guardedFetch(this.fileUrl(repo, revision, path), { headers: await authHeaders() });
        if (res.status === 404 && res.headers.get('X-Error-Code') === 'EntryNotFound') {
          await res.body?.cancel();
          return null;
        }
        if (!res.ok) throw hubStatusError(res.status, res.headers.get('X-Error-Code'), await errorText(res), ctx);
        const length = Number(res.headers.get('Content-Length') ?? '0');
        if (length > MAX_TEXT_BYTES) {
          await res.body?.cancel();
          throw new BringupError('bad-input', `${repo}/${path}: ${length} bytes is too large for a text file`);
        }
        const bytes = new Uint8Array(await res.arrayBuffer());
        if (bytes.length > MAX_TEXT_BYTES) throw new BringupError('bad-input', `${repo}/${path}: too large for a text file`);
        return new TextDecoder().decode(bytes);
      });
    },

    async callParams() {
      guard(hubUrl);
      return { hubUrl, accessToken: await token(), fetch: guardedFetch };
    },
  };
}

async function errorText(res: Response): Promise<string> {
  const header = res.headers.get('X-Error-Message');
  const body = await res.text().catch(() => '');
  if (header) return header;
  try {
    const json = JSON.parse(body) as { error?: unknown; message?: unknown };
    return String(json.error ?? json.message ?? '');
  } catch {
    return body.slice(0, 300);
  }
}

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The model page's facts from the expanded fields; anything malformed is left out rather than trusted. */
function toDetails(raw: Record<string, unknown>): HubModelDetails {
  const config = record(raw.config);
  const safetensors = record(raw.safetensors);
  const card = record(raw.cardData);
  const byDtype = Object.fromEntries(Object.entries(record(safetensors.parameters)).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])));
  const total = typeof safetensors.total === 'number' && Number.isFinite(safetensors.total) ? safetensors.total : null;
  const licenseTag = strings(raw.tags).find((t) => t.startsWith('license:'));
  return {
    architectures: strings(config.architectures),
    modelType: typeof config.model_type === 'string' ? config.model_type : null,
    parameters: total !== null ? { total, byDtype } : null,
    license: strings(card.license)[0] ?? (licenseTag ? licenseTag.slice('license:'.length) : null),
    baseModels: strings(card.base_model),
  };
}

function toSummary(raw: Record<string, unknown>): HubModelSummary {
  const gated = raw.gated === 'auto' || raw.gated === 'manual' ? raw.gated : raw.gated === true ? 'auto' : false;
  const last = raw.lastModified instanceof Date ? raw.lastModified.toISOString() : typeof raw.lastModified === 'string' ? raw.lastModified : null;
  return {
    id: String(raw.id ?? ''),
    private: raw.private === true,
    gated,
    downloads: typeof raw.downloads === 'number' ? raw.downloads : 0,
    likes: typeof raw.likes === 'number' ? raw.likes : 0,
    lastModified: last,
    pipelineTag: typeof raw.pipeline_tag === 'string' ? raw.pipeline_tag : null,
    library: typeof raw.library_name === 'string' ? raw.library_name : null,
    tags: Array.isArray(raw.tags) ? raw.tags.filter((t): t is string => typeof t === 'string') : [],
  };
}

/** The `rel="next"` URL of a Link header. */
export function parseNextLink(header: string | null): string | null {
  if (!header) return null;
  const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(header);
  return m ? m[1] : null;
}

// The cursor is the next page's URL, kept opaque for the UI; it must point at the same Hub.
const encodeCursor = (url: string) => Buffer.from(url, 'utf8').toString('base64url');
function decodeCursor(cursor: string, hubUrl: string): string {
  const url = Buffer.from(cursor, 'base64url').toString('utf8');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BringupError('bad-input', 'search cursor is not valid');
  }
  if (parsed.origin !== new URL(hubUrl).origin || parsed.pathname !== new URL(`${hubUrl}/api/models`).pathname) {
    throw new BringupError('bad-input', 'search cursor does not belong to this Hub');
  }
  return url;
}
