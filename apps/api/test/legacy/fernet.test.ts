import { describe, expect, it } from 'vitest';
import { FernetError, fernetKey, isFernetToken, openFernet } from '../../src/legacy/fernet.js';
import { FERNET_MP_TOKEN, FERNET_UNDER_OTHER_KEY, OLD_FERNET_KEY } from './old-service.js';
import { MP_TOKEN } from '../payments/shop.js';

/** The Fernet specification's own vector (github.com/fernet/spec, verify.json). */
const SPEC = {
  secret: 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=',
  token: 'gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==',
  src: 'hello',
};

describe('Fernet', () => {
  it('opens the specification’s vector and a token Python’s cryptography wrote', () => {
    expect(openFernet(SPEC.token, fernetKey(SPEC.secret))).toBe(SPEC.src);
    expect(openFernet(FERNET_MP_TOKEN, fernetKey(OLD_FERNET_KEY))).toBe(MP_TOKEN);
  });

  it('refuses a token under another key, or altered in any byte, without decrypting it', () => {
    const key = fernetKey(OLD_FERNET_KEY);
    expect(() => openFernet(FERNET_UNDER_OTHER_KEY, key)).toThrow(expect.objectContaining({ reason: 'wrong-key-or-altered' }));
    const bytes = Buffer.from(FERNET_MP_TOKEN, 'base64url');
    for (const at of [1, 9, 30, bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[at]! ^= 1;
      expect(() => openFernet(altered.toString('base64url'), key)).toThrow(FernetError);
    }
  });

  it('tells Fernet tokens from the plain values stored beside them', () => {
    expect(isFernetToken(FERNET_MP_TOKEN)).toBe(true);
    for (const plain of ['APP_USR-1234567890-abcdef', 'TEST-shop-token', 'whsec-plain', 'gAAAAA', ''])
      expect(isFernetToken(plain)).toBe(false);
    expect(() => openFernet('APP_USR-1234', fernetKey(OLD_FERNET_KEY))).toThrow(expect.objectContaining({ reason: 'malformed' }));
  });

  it('refuses a key that is not 32 bytes of urlsafe base64', () => {
    for (const key of ['', 'short', `${OLD_FERNET_KEY}AA`, OLD_FERNET_KEY.replace('-', '+')]) {
      expect(() => fernetKey(key)).toThrow(expect.objectContaining({ reason: 'bad-key' }));
    }
  });
});
