import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmountError, amountFromCents, centsFromAmount } from '../src/money.js';
import { KEY_FILE_NAME, KeyFileError, loadOrCreateKeyFile } from '../src/security/key-file.js';
import { hashPassword, verifyPassword } from '../src/security/passwords.js';
import { keyIdOf, SecretBox, SecretBoxError } from '../src/security/secret-box.js';
import { hashToken, issueToken, randomId } from '../src/security/tokens.js';

describe('passwords', () => {
  it('hashes with scrypt and a fresh salt, and verifies only the right password', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse'), hashPassword('correct horse')]);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horse!', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('answers false for a missing user or a malformed hash', async () => {
    expect(await verifyPassword('anything', undefined)).toBe(false);
    expect(await verifyPassword('anything', 'plain-text')).toBe(false);
    expect(await verifyPassword('anything', 'scrypt$1$2$3$$')).toBe(false);
  });
});

describe('tokens', () => {
  it('issues prefixed random tokens whose stored form is their SHA-256', () => {
    const { token, hash } = issueToken('hsk_');
    expect(token).toMatch(/^hsk_[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(hashToken(token));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(issueToken('hsk_').token).not.toBe(token);
  });

  it('makes upper-case hex ids of the asked length', () => {
    expect(randomId('EMP_', 10)).toMatch(/^EMP_[0-9A-F]{10}$/);
    expect(randomId('RTR_', 8)).toMatch(/^RTR_[0-9A-F]{8}$/);
  });
});

describe('SecretBox', () => {
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);

  it('seals with AES-256-GCM under a key id and opens back', () => {
    const box = new SecretBox(keyA);
    const sealed = box.seal('router password ñ');
    expect(sealed.split('.')[0]).toBe('v1');
    expect(sealed.split('.')[1]).toBe(keyIdOf(keyA));
    expect(sealed).not.toContain('router password');
    expect(box.seal('router password ñ')).not.toBe(sealed);
    expect(box.open(sealed)).toBe('router password ñ');
  });

  it('detects tampering', () => {
    const box = new SecretBox(keyA);
    const parts = box.seal('secret').split('.');
    const ct = Buffer.from(parts[4]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[4] = ct.toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow(SecretBoxError);
    expect(() => box.open('garbage')).toThrow(SecretBoxError);
  });

  it('rotates keys: values sealed with an older key open while it is listed as previous', () => {
    const old = new SecretBox(keyA).seal('gateway key');
    const rotated = new SecretBox(keyB, [keyA]);
    expect(rotated.open(old)).toBe('gateway key');
    expect(rotated.seal('x').split('.')[1]).toBe(keyIdOf(keyB));
    expect(() => new SecretBox(keyB).open(old)).toThrow(/no key with id/);
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(SecretBoxError);
  });
});

describe('key file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hotspot-key-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('creates a 0600 key once and reads the same key afterwards', async () => {
    const first = await loadOrCreateKeyFile(dir);
    expect(first.created).toBe(true);
    expect(first.key.length).toBe(32);
    expect((await stat(first.path)).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateKeyFile(dir);
    expect(again.created).toBe(false);
    expect(again.key.equals(first.key)).toBe(true);
  });

  it('refuses a damaged key file instead of replacing it', async () => {
    const other = await mkdtemp(join(tmpdir(), 'hotspot-key-'));
    await writeFile(join(other, KEY_FILE_NAME), 'not a key');
    await expect(loadOrCreateKeyFile(other)).rejects.toBeInstanceOf(KeyFileError);
    await rm(other, { recursive: true, force: true });
  });
});

describe('money', () => {
  it('converts decimal amounts to integer cents exactly', () => {
    expect(centsFromAmount(19.99)).toBe(1999);
    expect(centsFromAmount(0.1 + 0.2)).toBe(30);
    expect(centsFromAmount(1234567.89)).toBe(123456789);
    expect(amountFromCents(1999)).toBe(19.99);
  });

  it('refuses fractions of a cent, zero, negatives and non-numbers', () => {
    for (const bad of [19.999, 0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => centsFromAmount(bad)).toThrow(AmountError);
  });
});
