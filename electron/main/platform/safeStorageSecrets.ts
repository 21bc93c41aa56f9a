import { safeStorage } from 'electron';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BringupError } from '../../../shared/errors';
import { writeFileAtomic } from '../../services/fs/atomicWrite';
import type { SecretStore } from '../../services/hub/token';

/**
 * The Hub token a user types, encrypted with the OS keychain through safeStorage. On Linux without
 * a keyring safeStorage falls back to a hard-coded key ('basic_text'): refuse rather than pretend.
 */
export function safeStorageSecretStore(dataDir: string): SecretStore {
  const file = join(dataDir, 'hf-token.enc');
  const usable = () =>
    safeStorage.isEncryptionAvailable() && !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text');
  return {
    async get() {
      if (!usable()) return null;
      const bytes = await readFile(file).catch(() => null);
      return bytes ? safeStorage.decryptString(bytes) : null;
    },
    async set(value) {
      if (!usable()) throw new BringupError('auth', 'no OS keychain is available to keep the token safely; set HF_TOKEN or run `hf auth login` instead');
      await writeFileAtomic(file, safeStorage.encryptString(value));
    },
    async clear() {
      await rm(file, { force: true });
    },
  };
}
