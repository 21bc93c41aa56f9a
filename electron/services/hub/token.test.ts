import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../cache/testCache';
import { memorySecretStore, resolveToken, tokenFilePath, tokenFor, tokenIsTrustedFor, tokenStatus } from './token';

describe('token resolution', () => {
  it('prefers HF_TOKEN, then $HF_HOME/token, then the token the user entered', async () => {
    const home = await tempDir('bringup-hfhome-');
    const store = memorySecretStore('hf_user');
    expect(await resolveToken({ HF_HOME: home }, store)).toEqual({ source: 'user', token: 'hf_user' });
    await writeFile(join(home, 'token'), 'hf_file\n');
    expect(await resolveToken({ HF_HOME: home }, store)).toEqual({ source: 'file', token: 'hf_file' });
    expect(await resolveToken({ HF_HOME: home, HF_TOKEN: 'hf_env' }, store)).toEqual({ source: 'env', token: 'hf_env' });
    expect(await resolveToken({ HF_HOME: home, HF_TOKEN: '  ' }, store)).toEqual({ source: 'file', token: 'hf_file' });
  });

  it('reads the default token file under ~/.cache/huggingface and HF_TOKEN_PATH', async () => {
    const home = await tempDir('bringup-home-');
    await mkdir(join(home, '.cache', 'huggingface'), { recursive: true });
    await writeFile(join(home, '.cache', 'huggingface', 'token'), 'hf_default');
    expect(tokenFilePath({ HOME: home })).toBe(join(home, '.cache', 'huggingface', 'token'));
    expect(await resolveToken({ HOME: home })).toEqual({ source: 'file', token: 'hf_default' });
    await writeFile(join(home, 'elsewhere'), 'hf_path');
    expect(await resolveToken({ HOME: home, HF_TOKEN_PATH: join(home, 'elsewhere') })).toEqual({ source: 'file', token: 'hf_path' });
  });

  it('tells the UI where a token comes from, never the token', async () => {
    const home = await tempDir('bringup-hfhome-');
    const store = memorySecretStore();
    expect(await tokenStatus({ HF_HOME: home }, store)).toEqual({ source: null, present: false });
    await store.set('hf_secret_value');
    const status = await tokenStatus({ HF_HOME: home }, store);
    expect(status).toEqual({ source: 'user', present: true });
    expect(JSON.stringify(status)).not.toContain('hf_secret_value');
    await store.clear();
    expect((await tokenStatus({ HF_HOME: home }, store)).present).toBe(false);
  });
});

describe('which Hub gets the token', () => {
  it('only the public Hub or HF_ENDPOINT, never a Hub URL typed into the settings', async () => {
    const env = { HF_TOKEN: 'hf_secret', HF_ENDPOINT: 'http://127.0.0.1:9999', HF_HOME: '/nonexistent' };
    expect(tokenIsTrustedFor('https://huggingface.co', env)).toBe(true);
    expect(tokenIsTrustedFor('http://127.0.0.1:9999/', env)).toBe(true);
    expect(tokenIsTrustedFor('http://evil.example', env)).toBe(false);
    expect(tokenIsTrustedFor('https://huggingface.co.evil.example', env)).toBe(false);
    expect(tokenIsTrustedFor('not a url', env)).toBe(false);
    expect(await tokenFor('http://evil.example', env, memorySecretStore('hf_user'))).toBeNull();
    expect(await tokenFor('https://huggingface.co', env, memorySecretStore('hf_user'))).toBe('hf_secret');
  });
});
