import { BringupError } from '../../../shared/errors';
import type { HubStatus } from '../../../shared/api/types';
import { formatBytes } from '../../../shared/format/units';
import { stripFrontMatter } from '../../../shared/hub/modelCard';
import type { DownloadProgress, HubModelInfo, HubReadme, SearchParams, SearchResult, TokenStatus } from '../../../shared/hub/types';
import type { WeightsReport } from '../../../shared/weights/types';
import { resolveCacheDir, type Env } from '../cache/resolveCacheDir';
import { hubSourceReader } from '../source/repoSource';
import { inspectWeights } from '../weights/inspectWeights';
import type { EventBus } from '../events';
import type { SettingsStore } from '../settings/settingsService';
import { startDownload, type DownloadHandle } from './download';
import type { IncludeSpec } from './downloadPatterns';
import { createHubClient } from './hubClient';
import { isOffline, resolveHubUrl } from './hubUrl';
import { tokenFor, tokenStatus, type SecretStore } from './token';

export interface DownloadRequestDto {
  repo: string;
  revision?: string;
  include: IncludeSpec;
}

/** The Hub for the UI: search, model pages, downloads with progress events, and the token's status. */
export function createHubService(env: Env, settings: SettingsStore, secrets: SecretStore, events: EventBus) {
  const downloads = new Map<string, DownloadHandle>();

  async function client() {
    const s = await settings.get();
    const hubUrl = resolveHubUrl(s.hubUrl, env);
    return createHubClient({ hubUrl, env, offline: s.offline, audience: 'app', token: () => tokenFor(hubUrl, env, secrets) });
  }

  return {
    async status(): Promise<HubStatus> {
      const s = await settings.get();
      const fromEnv = isOffline(env);
      return { hubUrl: (await client()).hubUrl, offline: fromEnv || s.offline, offlineReason: fromEnv ? 'env' : s.offline ? 'setting' : null };
    },
    async search(params: SearchParams): Promise<SearchResult> {
      return (await client()).search(params);
    },
    async modelInfo(repo: string, revision?: string): Promise<HubModelInfo> {
      return (await client()).modelInfo(repo, revision, { details: true });
    },
    /** The model card (README.md) as Markdown, its YAML metadata block removed; null text when there is none. */
    async readme(repo: string, revision = 'main'): Promise<HubReadme> {
      const text = await (await client()).readText(repo, revision, 'README.md');
      return { text: text === null ? null : stripFrontMatter(text) };
    },
    /**
     * The weight headers of a Hub repo read by range requests, even when the HF cache holds the repo
     * (downloaded as config + tokenizer): nothing is written to disk.
     */
    async readWeightHeaders(repo: string, revision = 'main'): Promise<WeightsReport> {
      const s = await settings.get();
      const hubUrl = resolveHubUrl(s.hubUrl, env);
      const token = (await tokenFor(hubUrl, env, secrets)) ?? null;
      const reader = await hubSourceReader(`${repo}@${revision}`, { hubUrl, env, offline: s.offline, token, audience: 'app' });
      return inspectWeights(reader, { token: token ?? undefined });
    },
    async download(request: DownloadRequestDto): Promise<{ id: string }> {
      const handle = startDownload({ ...request, client: await client(), cacheDir: resolveCacheDir(env), env });
      downloads.set(handle.id, handle);
      handle.events.on('progress', (progress: DownloadProgress) => events.emit('onDownloadProgress', progress));
      handle.done.then(
        (result) => {
          const resumed = result.files.reduce((sum, f) => sum + f.resumedFrom, 0);
          const verified = result.files.filter((f) => !f.cached).length;
          const message = `${request.repo}: ${result.files.length} files in the HF cache (${verified} downloaded${resumed ? `, resumed after ${formatBytes(resumed)} already on disk` : ''})`;
          events.emit('onDownloadDone', { id: handle.id, repo: request.repo, ok: true, snapshotDir: result.snapshotDir, message });
        },
        (err: unknown) =>
          events.emit('onDownloadDone', {
            id: handle.id,
            repo: request.repo,
            ok: false,
            snapshotDir: null,
            message: err instanceof Error ? err.message : String(err),
            ...(err instanceof BringupError && err.code === 'cancelled' ? { cancelled: true } : {}),
          }),
      ).finally(() => downloads.delete(handle.id));
      return { id: handle.id };
    },
    async cancelDownload(id: string): Promise<void> {
      const handle = downloads.get(id);
      if (!handle) throw new BringupError('not-found', `no running download ${id}`);
      handle.cancel();
    },
    async tokenStatus(): Promise<TokenStatus> {
      return tokenStatus(env, secrets);
    },
    async setToken(token: string): Promise<TokenStatus> {
      await secrets.set(token);
      return tokenStatus(env, secrets);
    },
    async clearToken(): Promise<TokenStatus> {
      await secrets.clear();
      return tokenStatus(env, secrets);
    },
  };
}
