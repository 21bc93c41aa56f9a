import { scanCacheDir } from '@huggingface/hub';
import { mkdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCachedSnapshot } from './findInCache';
import { findCheckpoints } from './findCheckpoints';
import { resolveCacheDir, resolveHfHome } from './resolveCacheDir';
import { scanHfCache } from './scanHfCache';
import { addSnapshotFiles, tempDir, writeRef } from './testCache';
import { watchCache } from './watchCache';
import { detectWeightsFormat } from './weightsFormat';

const corpusConfig = () => readFile(join(__dirname, '../../../fixtures/corpus/_maxtest__synthetic__tiny-llama3/config.json'));
const C1 = 'a'.repeat(40);
const C2 = 'b'.repeat(40);
const C3 = 'c'.repeat(40);

describe('scanHfCache', () => {
  it('reports nested files, refs/pr/*, shared blobs once, incomplete blobs and broken links', async () => {
    const cache = await tempDir();
    const config = await corpusConfig();
    const weights = new Uint8Array(1000);
    const repoDir = await addSnapshotFiles(cache, 'org/tiny', C1, [
      { path: 'config.json', blob: 'cfgblob', content: config },
      { path: 'model.safetensors', blob: 'f'.repeat(64), content: weights },
      { path: 'original/params.json', blob: 'paramsblob', content: '{"dim":16}' },
    ]);
    // refs/pr/1 points at a second revision that shares config.json's blob with the first.
    await addSnapshotFiles(cache, 'org/tiny', C2, [{ path: 'config.json', blob: 'cfgblob', content: config }]);
    await symlink('../../blobs/missing-blob', join(repoDir, 'snapshots', C2, 'tokenizer.json'));
    await writeRef(cache, 'org/tiny', 'main', `${C1}\n`);
    await writeRef(cache, 'org/tiny', 'refs/pr/1', C2);
    await writeRef(cache, 'org/tiny', 'v1.0', C3);
    await writeFile(join(repoDir, 'blobs', 'partial.incomplete'), new Uint8Array(300));
    const when = new Date('2026-02-03T04:05:06Z');
    await utimes(join(repoDir, 'blobs', 'f'.repeat(64)), when, when);

    const report = await scanHfCache(cache);
    expect(report.cacheDir).toBe(cache);
    expect(report.repos).toHaveLength(1);
    const repo = report.repos[0];
    expect(repo.repoId).toBe('org/tiny');
    expect(repo.repoType).toBe('model');
    expect(repo.refs).toEqual({ main: C1, 'refs/pr/1': C2, 'v1.0': C3 });
    // Three complete blobs, each once (the incomplete one is reported apart).
    expect(repo.sizeOnDisk).toBe(config.length + 1000 + '{"dim":16}'.length);
    expect(repo.incompleteDownloads).toBe(1);
    expect(repo.incompleteBytes).toBe(300);
    const [r1, r2] = repo.revisions;
    expect(r1).toMatchObject({ commit: C1, refs: ['main'], files: 3, hasConfig: true, weights: 'safetensors' });
    expect(r1.sizeOnDisk).toBe(config.length + 1000 + 10);
    expect(r2).toMatchObject({ commit: C2, refs: ['refs/pr/1'], files: 1, hasConfig: true, weights: null, sizeOnDisk: config.length });
    expect(report.warnings.some((w) => w.includes('tokenizer.json: broken symlink to ../../blobs/missing-blob'))).toBe(true);
    expect(report.warnings.some((w) => w.includes(`v1.0: names ${C3}, which has no snapshot folder`))).toBe(true);
    // lastModified is the newest blob or snapshot: the blobs were written just now, later than `when`.
    expect(Date.parse(repo.lastModified!)).toBeGreaterThan(when.getTime());
  });

  it('agrees with @huggingface/hub scanCacheDir on a plain layout', async () => {
    const cache = await tempDir();
    await addSnapshotFiles(cache, 'org/plain', C1, [
      { path: 'config.json', blob: 'b1', content: await corpusConfig() },
      { path: 'model.safetensors', blob: 'b2', content: new Uint8Array(4096) },
    ]);
    await writeRef(cache, 'org/plain', 'main', C1);
    await addSnapshotFiles(cache, 'datasets-less/x', C2, []);
    const theirs = await scanCacheDir(cache);
    const ours = await scanHfCache(cache);
    const theirRepo = theirs.repos.find((r) => r.id.name === 'org/plain')!;
    const ourRepo = ours.repos.find((r) => r.repoId === 'org/plain')!;
    expect(ourRepo.sizeOnDisk).toBe(theirRepo.size);
    expect(ourRepo.revisions[0].files).toBe(theirRepo.filesCount);
    expect(ourRepo.revisions[0].commit).toBe(theirRepo.revisions[0].commitOid);
    expect(ourRepo.revisions[0].refs).toEqual(theirRepo.revisions[0].refs);
  });

  it('turns a missing cache folder into an empty report with a warning', async () => {
    const missing = join(await tempDir(), 'nope');
    const report = await scanHfCache(missing);
    expect(report).toEqual({ cacheDir: missing, repos: [], warnings: [`${missing}: no HF cache here (no such folder)`] });
  });

  it('warns about unreadable folders and stray folders, ignores dotfiles', async () => {
    const cache = await tempDir();
    await mkdir(join(cache, 'models--org--broken'), { recursive: true });
    await writeFile(join(cache, 'models--org--broken', 'snapshots'), 'a file where a folder belongs');
    await mkdir(join(cache, 'not-a-repo'));
    await mkdir(join(cache, '.locks'));
    await writeFile(join(cache, 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55');
    const report = await scanHfCache(cache);
    expect(report.repos.map((r) => r.repoId)).toEqual(['org/broken']);
    expect(report.repos[0].revisions).toEqual([]);
    expect(report.warnings).toContain(`${join(cache, 'models--org--broken', 'snapshots')}: cannot be read (ENOTDIR)`);
    expect(report.warnings).toContain(`${join(cache, 'not-a-repo')}: not a repo folder of the HF cache`);
  });

  it('finds the cache folder from the environment the way huggingface_hub does', () => {
    expect(resolveCacheDir({ HOME: '/h', HF_HUB_CACHE: '/x/hub', HF_HOME: '/y' })).toBe('/x/hub');
    expect(resolveCacheDir({ HOME: '/h', HUGGINGFACE_HUB_CACHE: '/old', HF_HOME: '/y' })).toBe('/old');
    expect(resolveCacheDir({ HOME: '/h', HF_HOME: '/y' })).toBe('/y/hub');
    expect(resolveCacheDir({ HOME: '/h', XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/huggingface/hub');
    expect(resolveCacheDir({ HOME: '/h' })).toBe('/h/.cache/huggingface/hub');
    expect(resolveCacheDir({ HOME: '/h', HF_HUB_CACHE: '~/c' })).toBe('/h/c');
    expect(resolveHfHome({ HOME: '/h' })).toBe('/h/.cache/huggingface');
  });
});

describe('findCachedSnapshot', () => {
  it('resolves refs (nested ones too) and commit prefixes, refuses the rest', async () => {
    const cache = await tempDir();
    await addSnapshotFiles(cache, 'org/tiny', C1, [{ path: 'config.json', blob: 'b', content: '{}' }]);
    await addSnapshotFiles(cache, 'org/tiny', C2, [{ path: 'config.json', blob: 'b', content: '{}' }]);
    await writeRef(cache, 'org/tiny', 'main', `${C1}\n`);
    await writeRef(cache, 'org/tiny', 'refs/pr/1', C2);
    await writeRef(cache, 'org/tiny', 'stale', C3);
    expect(await findCachedSnapshot(cache, 'org/tiny')).toEqual({ commit: C1, dir: join(cache, 'models--org--tiny', 'snapshots', C1) });
    expect((await findCachedSnapshot(cache, 'org/tiny', 'refs/pr/1'))?.commit).toBe(C2);
    expect((await findCachedSnapshot(cache, 'org/tiny', 'bbbbbbb'))?.commit).toBe(C2);
    expect(await findCachedSnapshot(cache, 'org/tiny', 'stale')).toBeNull();
    expect(await findCachedSnapshot(cache, 'org/tiny', '../../etc')).toBeNull();
    expect(await findCachedSnapshot(cache, 'org/other')).toBeNull();
  });
});

describe('watchCache', () => {
  it('calls back once, after the writes settle', async () => {
    const cache = await tempDir();
    let calls = 0;
    const watcher = watchCache(cache, () => calls++, { debounceMs: 150 });
    await new Promise((r) => setTimeout(r, 100)); // let the watcher arm
    await addSnapshotFiles(cache, 'org/new', C1, [{ path: 'config.json', blob: 'b', content: '{}' }]);
    await writeRef(cache, 'org/new', 'main', C1);
    await new Promise((r) => setTimeout(r, 600));
    watcher.dispose();
    expect(calls).toBe(1);
  });

  it('notices a cache folder created after it started', async () => {
    const parent = await tempDir();
    const cache = join(parent, 'hub');
    let calls = 0;
    const watcher = watchCache(cache, () => calls++, { debounceMs: 50, pollMs: 50 });
    await mkdir(cache);
    await new Promise((r) => setTimeout(r, 200));
    await writeRef(cache, 'org/new', 'main', C1);
    await new Promise((r) => setTimeout(r, 300));
    watcher.dispose();
    expect(calls).toBeGreaterThanOrEqual(1);
  });
});

describe('findCheckpoints', () => {
  it('finds folders with a config.json or weights, down to the depth asked', async () => {
    const root = await tempDir('bringup-folders-');
    await mkdir(join(root, 'a', 'llama'), { recursive: true });
    await writeFile(join(root, 'a', 'llama', 'config.json'), await corpusConfig());
    await mkdir(join(root, 'a', 'llama', 'original'));
    await writeFile(join(root, 'a', 'llama', 'original', 'config.json'), '{}');
    await mkdir(join(root, 'gguf'));
    await writeFile(join(root, 'gguf', 'model-Q4_K_M.gguf'), 'GGUF');
    await mkdir(join(root, 'x', 'y', 'z', 'deep'), { recursive: true });
    await writeFile(join(root, 'x', 'y', 'z', 'deep', 'config.json'), '{}');
    await mkdir(join(root, 'empty'));
    expect(await findCheckpoints(root, 2)).toEqual([
      { path: join(root, 'a', 'llama'), hasConfig: true, weights: null },
      { path: join(root, 'gguf'), hasConfig: false, weights: 'gguf' },
    ]);
    expect((await findCheckpoints(root, 4)).map((c) => c.path)).toContain(join(root, 'x', 'y', 'z', 'deep'));
  });

  it('names the weight format MAX would load first', () => {
    expect(detectWeightsFormat(['pytorch_model.bin', 'model.safetensors'])).toBe('safetensors');
    expect(detectWeightsFormat(['a.gguf', 'pytorch_model.bin'])).toBe('gguf');
    expect(detectWeightsFormat(['pytorch_model-00001-of-00002.bin'])).toBe('bin');
    expect(detectWeightsFormat(['training_args.bin', 'config.json'])).toBeNull();
  });
});
