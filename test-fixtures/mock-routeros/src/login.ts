/**
 * `/login`: the plain form (RouterOS 6.43+) and the MD5 challenge of older versions
 * (`!done =ret=<challenge>`, then `=response=00<md5(0x00 + password + challenge)>`).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ApiRequest } from './request.js';
import { sameSecret } from './secret.js';
import { isVersionAtLeast } from './version.js';

/** Router text for a refused login (6.43+). */
export const LOGIN_REFUSED = 'invalid user name or password (6)';

export type LoginOutcome = { kind: 'accepted' } | { kind: 'refused'; message: string } | { kind: 'challenge'; challengeHex: string };

/** The response a client must send for `challenge`: "00" + hex MD5 of 0x00, the password and the challenge. */
export function challengeResponse(password: Uint8Array, challenge: Uint8Array): string {
  return `00${createHash('md5').update(Buffer.of(0)).update(password).update(challenge).digest('hex')}`;
}

/** One connection's login exchange. */
export class LoginExchange {
  private challenge: Buffer | undefined;
  private readonly username: Buffer;
  private readonly password: Buffer;

  constructor(
    credentials: { username: string; password: string },
    /** Read at each attempt: a test may change `state.version` while connections are open. */
    private readonly version: () => string,
  ) {
    this.username = Buffer.from(credentials.username, 'utf8');
    this.password = Buffer.from(credentials.password, 'utf8');
  }

  /** Answers one `/login` sentence (request words are Latin-1 views of the raw bytes). */
  attempt(request: ApiRequest): LoginOutcome {
    const bytes = (name: string) => {
      const value = request.attributes.get(name);
      return value === undefined ? undefined : Buffer.from(value, 'latin1');
    };
    const name = bytes('name') ?? Buffer.alloc(0);
    const response = bytes('response');
    const password = bytes('password');
    const version = this.version();
    const challengeSupported = !isVersionAtLeast(version, '6.45.1');
    if (response !== undefined && challengeSupported) {
      const challenge = this.challenge;
      this.challenge = undefined;
      if (!challenge) return { kind: 'refused', message: LOGIN_REFUSED };
      const expected = Buffer.from(challengeResponse(this.password, challenge), 'latin1');
      const nameOk = sameSecret(name, this.username);
      return sameSecret(response, expected) && nameOk ? { kind: 'accepted' } : { kind: 'refused', message: LOGIN_REFUSED };
    }
    // Before 6.43 every other /login gets a challenge; until 6.45.1 a bare /login still does.
    if (!isVersionAtLeast(version, '6.43') || (challengeSupported && password === undefined && name.length === 0)) {
      this.challenge = randomBytes(16);
      return { kind: 'challenge', challengeHex: this.challenge.toString('hex') };
    }
    const nameOk = sameSecret(name, this.username);
    const passwordOk = sameSecret(password ?? Buffer.alloc(0), this.password);
    return nameOk && passwordOk ? { kind: 'accepted' } : { kind: 'refused', message: LOGIN_REFUSED };
  }
}
