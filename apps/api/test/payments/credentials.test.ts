import { describe, expect, it } from 'vitest';
import { generateCredentials, PASSWORD_LENGTH, PIN_LENGTH, USERNAME_LENGTH } from '../../src/payments/credentials.js';

describe('generateCredentials', () => {
  it('makes long user names and passwords from the unambiguous alphabet, all distinct', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const { username, password } = generateCredentials('usuario_contrasena');
      expect(username).toMatch(new RegExp(`^[a-hjkmnp-z2-9]{${USERNAME_LENGTH}}$`));
      expect(password).toMatch(new RegExp(`^[a-hjkmnp-z2-9]{${PASSWORD_LENGTH}}$`));
      expect(seen.has(username)).toBe(false);
      seen.add(username);
    }
  });

  it('makes PINs of at least 8 digits, used as both user name and password, spread over all digits', () => {
    expect(PIN_LENGTH).toBeGreaterThanOrEqual(8);
    const digitCounts = new Array<number>(10).fill(0);
    for (let i = 0; i < 2000; i++) {
      const { username, password } = generateCredentials('pin');
      expect(username).toMatch(new RegExp(`^[1-9][0-9]{${PIN_LENGTH - 1}}$`));
      expect(password).toBe(username);
      for (const d of username.slice(1)) digitCounts[Number(d)]! += 1;
    }
    // 18000 digits: each should appear about 1800 times; a biased generator falls far outside this.
    for (const count of digitCounts) expect(count).toBeGreaterThan(1500);
  });
});
