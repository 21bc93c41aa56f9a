import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSnapshotFiles, tempDir, writeRef } from '../../services/cache/testCache';
import type { CliContext } from '../command';
import { cacheCommand } from './cache';

function context(env: NodeJS.ProcessEnv, json: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = { positionals: [], values: { json }, io: { out: (t) => out.push(t), err: (t) => err.push(t) }, env, cwd: '/' };
  return { ctx, out, err };
}

const C1 = 'd'.repeat(40);

describe('bringup cache', () => {
  it('prints the contract JSON for HF_HUB_CACHE', async () => {
    const cache = await tempDir();
    await addSnapshotFiles(cache, 'org/tiny', C1, [
      { path: 'config.json', blob: 'c', content: '{"model_type":"llama"}' },
      { path: 'model-Q4_K_M.gguf', blob: 'g', content: new Uint8Array(2048) },
    ]);
    await writeRef(cache, 'org/tiny', 'main', C1);
    const { ctx, out, err } = context({ HF_HUB_CACHE: cache, HOME: '/nonexistent' }, true);
    expect(await cacheCommand.run(ctx)).toBe(0);
    const json = JSON.parse(out.join(''));
    expect(json.cacheDir).toBe(cache);
    expect(json.warnings).toEqual([]);
    expect(json.repos).toHaveLength(1);
    const repo = json.repos[0];
    expect(Object.keys(repo)).toEqual(expect.arrayContaining(['repoId', 'repoType', 'sizeOnDisk', 'lastModified', 'refs', 'revisions', 'incompleteDownloads']));
    expect(repo).toMatchObject({ repoId: 'org/tiny', repoType: 'model', sizeOnDisk: 22 + 2048, refs: { main: C1 }, incompleteDownloads: 0 });
    expect(repo.lastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(repo.revisions[0]).toMatchObject({ commit: C1, refs: ['main'], files: 2, sizeOnDisk: 2070, hasConfig: true, weights: 'gguf' });
    expect(err).toEqual([]);
  });

  it('exits 0 with an empty list and a warning when the cache folder is missing', async () => {
    const home = await tempDir('bringup-home-');
    const { ctx, out } = context({ HOME: home }, true);
    expect(await cacheCommand.run(ctx)).toBe(0);
    const missing = join(home, '.cache', 'huggingface', 'hub');
    expect(JSON.parse(out.join(''))).toEqual({ cacheDir: missing, repos: [], warnings: [`${missing}: no HF cache here (no such folder)`] });
  });

  it('prints a readable report and warnings on stderr without --json', async () => {
    const cache = await tempDir();
    await addSnapshotFiles(cache, 'org/tiny', C1, [{ path: 'config.json', blob: 'c', content: '{}' }]);
    await writeRef(cache, 'org/tiny', 'main', C1);
    await writeRef(cache, 'org/tiny', 'old', 'e'.repeat(40));
    const { ctx, out, err } = context({ HF_HUB_CACHE: cache }, false);
    expect(await cacheCommand.run(ctx)).toBe(0);
    const text = out.join('');
    expect(text).toContain(`HF cache: ${cache}`);
    expect(text).toContain('org/tiny  2 B');
    expect(text).toContain(`${C1.slice(0, 12)} (main)  1 file(s), 2 B, config.json, weights: none`);
    expect(err.join('')).toContain(`which has no snapshot folder`);
  });
});
