import { BringupError } from '../../../shared/errors';
import type { HubStatus } from '../../../shared/api/types';
import type { DownloadProgress, HubModelInfo, SearchParams, SearchResult, TokenStatus } from '../../../shared/hub/types';
import { resolveCacheDir, type Env } from '../cache/resolveCacheDir';
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
    return createHubClient({ hubUrl, env, offline: s.offline, token: () => tokenFor(hubUrl, env, secrets) });
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
      return (await client()).modelInfo(repo, revision);
    },
    async download(request: DownloadRequestDto): Promise<{ id: string }> {
      const handle = startDownload({ ...request, client: await client(), cacheDir: resolveCacheDir(env), env });
      downloads.set(handle.id, handle);
      handle.events.on('progress', (progress: DownloadProgress) => events.emit('onDownloadProgress', progress));
      handle.done.then(
        (result) => {
          const resumed = result.files.reduce((sum, f) => sum + f.resumedFrom, 0);
          const verified = result.files.filter((f) => !f.cached).length;
          const message = `${request.repo}: ${result.files.length} files in the HF cache (${verified} downloaded${resumed ? `, resumed after ${resumed} bytes already on disk` : ''})`;
          events.emit('onDownloadDone', { id: handle.id, repo: request.repo, ok: true, snapshotDir: result.snapshotDir, message });
        },
        (err: unknown) => events.emit('onDownloadDone', { id: handle.id, repo: request.repo, ok: false, snapshotDir: null, message: err instanceof Error ? err.message : String(err) }),
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
