import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, stat, truncate, unlink } from 'node:fs/promises';
import { BringupError } from '../../../shared/errors';
import { hubStatusError } from './hubErrors';

export interface BlobTransfer {
  url: string;
  /** `blobs/<name>` final path and its `.incomplete` sibling. */
  blobPath: string;
  size: number;
  /** sha256 for LFS files, else the git blob sha1 the Hub lists as `oid`. */
  expect: { kind: 'sha256' | 'git-sha1'; hex: string };
  headers: Record<string, string>;
  /** What to call it in messages: org/name/path. */
  label: string;
  hubUrl: string;
  repo: string;
  path: string;
  fetch: typeof fetch;
  signal: AbortSignal;
  /** No byte for this long: the transfer is abandoned (the partial file stays for a resume). */
  stallTimeoutMs: number;
  /** Called with the bytes on disk: `fresh` false for what was there before this transfer. */
  onBytes(bytesOnDisk: number, fresh: boolean): void;
}

export interface BlobResult {
  /** Bytes already on disk from an earlier, interrupted attempt. */
  resumedFrom: number;
  downloaded: number;
  cached: boolean;
}

const sizeOf = async (p: string) => (await stat(p).catch(() => null))?.size ?? null;

/**
 * Fetches one blob into `<blob>.incomplete` (resuming with a Range request), checks its length
 * and checksum, then renames it into place. A partial file that fails the checksum is deleted;
 * one cut short by the network is kept for the next attempt.
 */
export async function downloadBlob(t: BlobTransfer): Promise<BlobResult> {
  const existing = await sizeOf(t.blobPath);
  if (existing === t.size) {
    t.onBytes(t.size, false);
    return { resumedFrom: 0, downloaded: 0, cached: true };
  }
  const partial = `${t.blobPath}.incomplete`;
  let start = (await sizeOf(partial)) ?? 0;
  if (start > t.size) {
    await unlink(partial);
    start = 0;
  }
  // fetchInto says where it really started: 0 when the server ignored the Range request.
  const resumedFrom = start < t.size ? await fetchInto(t, partial, start) : start;
  await verify(t, partial);
  await rename(partial, t.blobPath);
  return { resumedFrom, downloaded: t.size - resumedFrom, cached: false };
}

/** Appends the rest of the file from `start`; returns the offset it actually resumed from. */
async function fetchInto(t: BlobTransfer, partial: string, start: number): Promise<number> {
  const stall = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stall.abort(), t.stallTimeoutMs);
  };
  const signal = AbortSignal.any([t.signal, stall.signal]);
  const stalled = () =>
    new BringupError('network', `${t.label}: the transfer stalled (no data for ${Math.round(t.stallTimeoutMs / 1000)} s); ${start} of ${t.size} bytes are kept, download again to resume`);
  arm();
  const fh = await open(partial, 'a');
  try {
    let res: Response;
    try {
      res = await t.fetch(t.url, { headers: { ...t.headers, ...(start > 0 ? { Range: `bytes=${start}-` } : {}) }, signal, redirect: 'follow' });
    } catch (err) {
      throw stall.signal.aborted ? stalled() : err;
    }
    if (res.status === 416 && start === t.size) return start;
    if (!res.ok) {
      const message = res.headers.get('X-Error-Message') ?? (await res.text().catch(() => '')).slice(0, 200);
      throw hubStatusError(res.status, res.headers.get('X-Error-Code'), message, { hubUrl: t.hubUrl, repo: t.repo, path: t.path });
    }
    if (start > 0) {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers.get('Content-Range') ?? '');
      if (res.status !== 206 || !range || Number(range[1]) !== start) {
        // The server ignored the Range request: start over rather than append a second copy.
        await fh.truncate(0);
        start = 0;
      }
    }
    const length = res.headers.get('Content-Length');
    if ((length !== null && Number(length) !== t.size - start) || /^text\/html/i.test(res.headers.get('Content-Type') ?? '')) {
      // A captive portal or a confused proxy, not the file: nothing of it may reach the blob.
      await res.body?.cancel().catch(() => undefined);
      throw await garbage(t, partial, `${length ?? 'an unknown number of'} bytes of ${res.headers.get('Content-Type') ?? 'unknown type'} where ${t.size - start} bytes of the file were expected`);
    }
    if (!res.body) throw new BringupError('network', `${t.label}: the Hub sent no content`);
    const reader = res.body.getReader();
    let onDisk = start;
    t.onBytes(onDisk, false);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        arm();
        if (onDisk + value.length > t.size) throw await garbage(t, partial, `more than the ${t.size} bytes the Hub listed`);
        await fh.write(value);
        onDisk += value.length;
        t.onBytes(onDisk, true);
      }
    } catch (err) {
      if (stall.signal.aborted) {
        start = onDisk;
        throw stalled();
      }
      if (t.signal.aborted || err instanceof BringupError) throw err;
      throw new BringupError('network', `${t.label}: the connection broke after ${onDisk} of ${t.size} bytes; they are kept, download again to resume`);
    }
    if (onDisk < t.size) {
      throw new BringupError('network', `${t.label}: the transfer ended after ${onDisk} of ${t.size} bytes; they are kept, download again to resume`);
    }
    return start;
  } finally {
    clearTimeout(timer);
    await fh.close();
  }
}

async function garbage(t: BlobTransfer, partial: string, what: string): Promise<BringupError> {
  await truncate(partial, 0).catch(() => undefined);
  await unlink(partial).catch(() => undefined);
  return new BringupError('network', `${t.label}: the Hub sent ${what}; the partial file was deleted`);
}

async function verify(t: BlobTransfer, partial: string): Promise<void> {
  const size = await sizeOf(partial);
  if (size !== t.size) throw await garbage(t, partial, `${size} bytes where ${t.size} were listed`);
  const hash = createHash(t.expect.kind === 'sha256' ? 'sha256' : 'sha1');
  if (t.expect.kind === 'git-sha1') hash.update(`blob ${t.size}\0`);
  for await (const chunk of createReadStream(partial)) hash.update(chunk as Buffer);
  const actual = hash.digest('hex');
  if (actual !== t.expect.hex) {
    throw await garbage(t, partial, `content whose ${t.expect.kind} is ${actual}, not the ${t.expect.hex} it lists`);
  }
}
