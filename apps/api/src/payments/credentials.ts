/**
 * Hotspot credentials from `node:crypto`'s CSPRNG (`randomInt` is unbiased), never `Math.random`.
 * Sizes and why they are enough: see "Credentials" in apps/api/README.md.
 */
import { randomInt } from 'node:crypto';

/** How the customer logs in: a user name and password, or a single numeric PIN. */
export type UserKind = 'usuario_contrasena' | 'pin';

/** A hotspot login. In PIN mode the PIN is both the user name and the password. */
export interface HotspotCredentials {
  username: string;
  password: string;
}

/**
 * Letters and digits without the look-alikes (0/o, 1/l/i), so a customer can copy them from a
 * phone screen: 31 symbols, ~4.95 bits each. Lower case only: MikroTik user names are case-sensitive
 * and phone keyboards capitalise the first letter.
 */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/** 10 symbols ≈ 49.5 bits: user names are never guessed into a collision or enumerated. */
export const USERNAME_LENGTH = 10;
/** 12 symbols ≈ 59.5 bits. */
export const PASSWORD_LENGTH = 12;
/** 10 digits ≈ 33.2 bits; the README explains why that is enough for a PIN used on the hotspot's own login page. */
export const PIN_LENGTH = 10;

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** New credentials for a purchase. */
export function generateCredentials(tipo: UserKind): HotspotCredentials {
  if (tipo === 'pin') {
    // The first digit is never 0, so the PIN keeps its length when a portal treats it as a number.
    const pin = String(randomInt(1, 10)) + randomString('0123456789', PIN_LENGTH - 1);
    return { username: pin, password: pin };
  }
  return { username: randomString(ALPHABET, USERNAME_LENGTH), password: randomString(ALPHABET, PASSWORD_LENGTH) };
}
