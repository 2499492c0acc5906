/**
 * The embedded mode's encryption key: generated on first start and kept in a file readable only by
 * its owner (mode 0600), so `npm start` works with no setup yet secrets are still encrypted at rest.
 */
import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const KEY_FILE_NAME = 'app-encryption.key';

/** The key file exists but does not hold a 32-byte base64 key. */
export class KeyFileError extends Error {
  constructor(readonly path: string) {
    super(`${path} does not hold a 32-byte base64 key; restore it from a backup or set APP_ENCRYPTION_KEY`);
    this.name = 'KeyFileError';
  }
}

/**
 * Reads the key from `<dir>/app-encryption.key`, creating it when absent.
 * @returns the key, its path, and whether it was created now.
 */
export async function loadOrCreateKeyFile(dir: string): Promise<{ key: Buffer; path: string; created: boolean }> {
  const path = join(dir, KEY_FILE_NAME);
  try {
    const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
    if (key.length !== 32) throw new KeyFileError(path);
    return { key, path, created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32);
  // 'wx' never overwrites a key another process wrote first.
  await writeFile(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  return { key, path, created: true };
}
