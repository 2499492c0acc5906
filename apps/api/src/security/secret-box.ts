/**
 * Encrypts secrets at rest (router passwords, gateway keys, webhook secrets) with AES-256-GCM.
 * Each sealed value names the key that sealed it (`v1.<key id>.<iv>.<tag>.<ciphertext>`), so the
 * key can be rotated: new values use the current key, old ones still open with a previous key.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A sealed value could not be opened: unknown key id, malformed, or tampered with. */
export class SecretBoxError extends Error {
  constructor(
    message: string,
    readonly keyId?: string,
  ) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/** The id stored with each value: the first 8 hex digits of the key's SHA-256 (it reveals nothing usable). */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  /** Id of the key new values are sealed with. */
  readonly currentKeyId: string;

  /**
   * @param currentKey 32 bytes; seals new values.
   * @param previousKeys 32 bytes each; only open values sealed before a rotation.
   */
  constructor(currentKey: Buffer, previousKeys: readonly Buffer[] = []) {
    for (const key of [currentKey, ...previousKeys]) {
      if (key.length !== 32) throw new SecretBoxError('an AES-256-GCM key must be 32 bytes');
      this.keys.set(keyIdOf(key), key);
    }
    this.currentKeyId = keyIdOf(currentKey);
  }

  /** Encrypts a value with the current key and a fresh 96-bit IV. */
  seal(plaintext: string): string {
    const key = this.keys.get(this.currentKeyId)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
    return ['v1', this.currentKeyId, ...parts].join('.');
  }

  /** Decrypts a value sealed by `seal` with any known key. @throws SecretBoxError */
  open(sealed: string): string {
    const [version, keyId, iv, tag, ciphertext, ...rest] = sealed.split('.');
    if (version !== 'v1' || !keyId || !iv || !tag || ciphertext === undefined || rest.length > 0) {
      throw new SecretBoxError('not a sealed value');
    }
    const key = this.keys.get(keyId);
    if (!key) throw new SecretBoxError(`no key with id ${keyId} is configured (APP_ENCRYPTION_PREVIOUS_KEYS?)`, keyId);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('the sealed value is corrupt or was altered', keyId);
    }
  }
}
