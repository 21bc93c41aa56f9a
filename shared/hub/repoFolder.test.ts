import { describe, expect, it } from 'vitest';
import { parseRepoFolderName, parseSnapshotPath, repoFolderName } from './repoFolder';

const COMMIT = 'a'.repeat(40);

describe('the HF cache layout', () => {
  it('names repo folders as huggingface_hub does, and reads them back', () => {
    expect(repoFolderName('org/name')).toBe('models--org--name');
    expect(parseRepoFolderName('datasets--org--data')).toEqual({ repoId: 'org/data', repoType: 'dataset' });
    expect(parseRepoFolderName('models--a--b--c')).toBeNull();
  });

  it('finds the repo and commit of a snapshot folder or a file inside it', () => {
    expect(parseSnapshotPath(`/h/hub/models--org--name/snapshots/${COMMIT}`)).toEqual({ repoId: 'org/name', commit: COMMIT });
    expect(parseSnapshotPath(`C:\\hub\\models--org--name\\snapshots\\${COMMIT}\\config.json`)).toEqual({ repoId: 'org/name', commit: COMMIT });
    expect(parseSnapshotPath('/h/hub/models--org--name/snapshots/main')).toBeNull();
    expect(parseSnapshotPath(`/h/hub/datasets--org--name/snapshots/${COMMIT}`)).toBeNull();
    expect(parseSnapshotPath('/data/snapshots')).toBeNull();
  });
});
