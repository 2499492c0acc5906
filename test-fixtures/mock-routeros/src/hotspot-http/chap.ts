/**
 * HTTP CHAP as the hotspot does it (HOTSPOT.md 2.3): the login page carries a one-byte
 * `chap-id` and a 16-byte `chap-challenge` as three-digit octal escapes; the browser answers
 * `hex(MD5(id ‖ password ‖ challenge))`. The last challenge a client was shown is the one checked.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sameSecret } from '../secret.js';

export interface ChapChallenge {
  id: Buffer;
  challenge: Buffer;
}

/** Bytes as RouterOS writes them into a page: every byte a backslash and three octal digits. */
export function octalEscape(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += `\\${byte.toString(8).padStart(3, '0')}`;
  return text;
}

/** The response a browser computes: lowercase hex MD5 over id, password (Latin-1 bytes) and challenge. */
export function chapResponse(chap: ChapChallenge, password: string): string {
  return createHash('md5').update(chap.id).update(Buffer.from(password, 'latin1')).update(chap.challenge).digest('hex');
}

/** The challenges shown to clients, by client IP address. */
export class ChapChallenges {
  private readonly byClient = new Map<string, ChapChallenge>();

  /** A fresh challenge for the client's next login page (it replaces any earlier one). */
  issue(clientIp: string): ChapChallenge {
    const chap = { id: randomBytes(1), challenge: randomBytes(16) };
    this.byClient.set(clientIp, chap);
    return chap;
  }

  /** The challenge the client was last shown, if any. */
  outstanding(clientIp: string): ChapChallenge | undefined {
    return this.byClient.get(clientIp);
  }

  /** Whether `response` answers the client's challenge for `password` (constant time). */
  static matches(chap: ChapChallenge, response: string, password: string): boolean {
    return sameSecret(Buffer.from(response, 'latin1'), Buffer.from(chapResponse(chap, password), 'latin1'));
  }
}
