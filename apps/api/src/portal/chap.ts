/**
 * The hotspot's HTTP CHAP, as MikroTik's own login page computes it: the login page shows `chap-id`
 * and `chap-challenge` as octal escapes (`\371\012…`), and the password the device sends is
 * `md5(chap-id + password + chap-challenge)` in lower-case hex, over the bytes.
 */
import { createHash } from 'node:crypto';

/** A CHAP challenge as the login page wrote it (the escaped text, passed along in the URL). */
export interface ChapChallenge {
  id: string;
  challenge: string;
}

/** At most this long: an id is one byte, a challenge sixteen; four characters each when escaped. */
const MAX_ESCAPED = 4 * 64;

/** The bytes behind the router's escaped text: `\ooo` is one byte, any other character its Latin-1 byte. */
export function unescapeChap(text: string): Buffer | undefined {
  if (text.length === 0 || text.length > MAX_ESCAPED) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; ) {
    const octal = /^\\([0-3][0-7]{2})/.exec(text.slice(i, i + 4));
    if (octal) {
      bytes.push(Number.parseInt(octal[1]!, 8));
      i += 4;
      continue;
    }
    const code = text.charCodeAt(i);
    if (code > 0xff) return undefined;
    bytes.push(code);
    i += 1;
  }
  return Buffer.from(bytes);
}

/** A challenge whose two parts both read as the router writes them. */
export function parseChap(id: string | undefined, challenge: string | undefined): ChapChallenge | undefined {
  if (!id || !challenge || !unescapeChap(id) || !unescapeChap(challenge)) return undefined;
  return { id, challenge };
}

/** The CHAP response the device sends as its password. */
export function chapResponse(chap: ChapChallenge, password: string): string {
  const id = unescapeChap(chap.id);
  const challenge = unescapeChap(chap.challenge);
  if (!id || !challenge) throw new RangeError('not a CHAP challenge as the router writes it');
  return createHash('md5').update(id).update(Buffer.from(password, 'latin1')).update(challenge).digest('hex');
}
