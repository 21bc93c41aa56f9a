import { BringupError, badInput } from '../../../shared/errors';
import { readHeaderLength } from '../../../shared/weights/safetensorsHeader';
import type { HeaderSource, RawHeader } from './headerSource';
import { resolveFileUrl } from '../hub/hubUrl';

export interface RemoteOptions {
  hubUrl: string;
  repoId: string;
  /** Branch, tag or commit (a commit keeps every shard at the same revision). */
  revision: string;
  token?: string;
  fetch?: typeof fetch;
}

/**
 * Reads safetensors headers from the Hub with range requests on `/{repo}/resolve/{rev}/{file}`
 * (the URL `@huggingface/hub` uses): one request per file, sized by the caller from the index,
 * and a second one only when the header turns out larger than that guess.
 */
export function remoteHeaderSource(options: RemoteOptions): HeaderSource {
  const doFetch = options.fetch ?? fetch;
  let requests = 0;
  let bytes = 0;
  const urlOf = (file: string) => resolveFileUrl(options.hubUrl, options.repoId, options.revision, file);
  const label = (file: string) => `${options.repoId}@${options.revision}: ${file}`;

  async function range(file: string, start: number, end: number): Promise<{ body: Uint8Array; total: number }> {
    const headers: Record<string, string> = { Range: `bytes=${start}-${end - 1}` };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    let res: Response;
    try {
      res = await doFetch(urlOf(file), { headers });
    } catch (err) {
      throw new BringupError('network', `${label(file)}: request failed (${err instanceof Error ? err.message : String(err)})`);
    }
    requests++;
    if (res.status === 401 || res.status === 403) throw new BringupError('auth', `${label(file)}: access denied (HTTP ${res.status}); set HF_TOKEN for gated or private repos`);
    if (res.status === 404) throw badInput(`${label(file)}: no such file on the Hub`);
    if (res.status !== 206 && res.status !== 200) throw new BringupError('network', `${label(file)}: HTTP ${res.status}`);
    const body = await readAtMost(res, res.status === 206 ? end - start : end);
    bytes += body.length;
    const total = res.status === 206 ? totalFromContentRange(res.headers.get('content-range')) : Number(res.headers.get('content-length'));
    if (!Number.isSafeInteger(total)) throw new BringupError('network', `${label(file)}: the server did not say the file size (Content-Range)`);
    // A server that ignores Range answers 200 with the whole file: only the start is kept.
    return { body: res.status === 200 ? body.subarray(start, end) : body, total };
  }

  return {
    label,
    stats: () => ({ requests, bytes }),
    async readHeader(file: string, sizeHint: number): Promise<RawHeader> {
      const first = await range(file, 0, Math.max(sizeHint, 4096));
      const n = readHeaderLength(first.body.subarray(0, 8), { file: label(file), fileBytes: first.total });
      if (first.body.length >= 8 + n) return { json: first.body.slice(8, 8 + n), fileBytes: first.total };
      const rest = await range(file, first.body.length, 8 + n);
      const json = new Uint8Array(n);
      json.set(first.body.subarray(8));
      json.set(rest.body, first.body.length - 8);
      if (rest.body.length !== 8 + n - first.body.length) throw badInput(`${label(file)}: byte ${first.body.length + rest.body.length}: file ends inside the header`);
      return { json, fileBytes: first.total };
    },
  };
}

function totalFromContentRange(value: string | null): number {
  const m = value && /\/(\d+)\s*$/.exec(value);
  return m ? Number(m[1]) : NaN;
}

/** Reads up to `limit` bytes of the body and drops the rest of the stream. */
async function readAtMost(res: Response, limit: number): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  if (size >= limit) await reader.cancel().catch(() => undefined);
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
