import { describe, expect, it } from 'vitest';
import type { OpenedCheckpoint } from '@shared/api/types';
import { checkpointTitle, repoOf, sourceTitle } from './displayName';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const opened = (patch: Partial<OpenedCheckpoint>): OpenedCheckpoint => ({
  source: '/x', label: '/x', kind: 'local', dir: '/x', repoId: null, revision: null, files: [], configText: '{}', configPath: '/x/config.json', ...patch,
});

describe('checkpoint names', () => {
  it('names a repo org/name@rev with a short commit, never by its Hub host or snapshot path', () => {
    expect(sourceTitle('bringup-test/tiny-llama3@main')).toBe('bringup-test/tiny-llama3@main');
    expect(sourceTitle(`org/name@${COMMIT}`)).toBe('org/name@0123456');
    expect(sourceTitle(`/home/me/.cache/huggingface/hub/models--org--name/snapshots/${COMMIT}`)).toBe('org/name@0123456');
    expect(checkpointTitle(opened({ source: 'org/name', kind: 'hub', repoId: 'org/name', revision: COMMIT, label: 'org/name@main (http://127.0.0.1:34085)' }))).toBe('org/name@main');
    expect(checkpointTitle(opened({ source: `org/name@${COMMIT}`, kind: 'cache', repoId: 'org/name', revision: COMMIT }))).toBe('org/name@0123456');
  });

  it('names a folder by its last part, and a config.json by its folder', () => {
    expect(sourceTitle('/data/ckpt/llama-3-8b/')).toBe('llama-3-8b');
    expect(sourceTitle('/data/ckpt/llama-3-8b/config.json')).toBe('llama-3-8b');
    expect(sourceTitle('C:\\models\\qwen3')).toBe('qwen3');
  });

  it('knows the repo behind a cached snapshot opened as a folder', () => {
    expect(repoOf(opened({ dir: `/c/models--org--name/snapshots/${COMMIT}` }))).toEqual({ repoId: 'org/name', revision: COMMIT });
    expect(repoOf(opened({ dir: '/data/plain' }))).toBeNull();
    expect(repoOf(opened({ kind: 'example', repoId: 'org/name' }))).toBeNull();
  });
});
