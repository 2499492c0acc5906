/**
 * Fernet tokens, as the old service's `cryptography` library wrote its Mercado Pago secrets
 * (LEGACY-API.md §6.8): base64url of version 0x80 ‖ 8-byte time ‖ 16-byte IV ‖ AES-128-CBC
 * ciphertext ‖ HMAC-SHA256 of all that. The key is 32 bytes (base64url): the first half signs, the
 * second encrypts. Only opening is needed here; the old tokens carry no TTL.
 */
import { createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';

const VERSION = 0x80;
const HEADER_BYTES = 1 + 8 + 16;
const MAC_BYTES = 32;
const BLOCK_BYTES = 16;

/** A Fernet key or token could not be used; `reason` says which check failed. */
export class FernetError extends Error {
  constructor(readonly reason: 'bad-key' | 'malformed' | 'wrong-key-or-altered') {
    super(
      {
        'bad-key': 'a Fernet key is 32 bytes in urlsafe base64 (44 characters)',
        malformed: 'not a Fernet token',
        'wrong-key-or-altered': 'the Fernet token does not verify with this key (wrong key, or the value was altered)',
      }[reason],
    );
    this.name = 'FernetError';
  }
}

/** A parsed Fernet key. */
export interface FernetKey {
  signing: Buffer;
  encryption: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** Parses a key as Python's `Fernet(key)` takes it. @throws FernetError('bad-key') */
export function fernetKey(text: string): FernetKey {
  const bytes = Buffer.from(text.trim(), 'base64url');
  if (!BASE64URL.test(text.trim()) || bytes.length !== 32) throw new FernetError('bad-key');
  return { signing: bytes.subarray(0, 16), encryption: bytes.subarray(16) };
}

function decode(token: string): Buffer | undefined {
  if (!BASE64URL.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  const body = bytes.length - HEADER_BYTES - MAC_BYTES;
  return bytes[0] === VERSION && body >= BLOCK_BYTES && body % BLOCK_BYTES === 0 ? bytes : undefined;
}

/** Whether a stored value has the shape of a Fernet token (the old plain values never do). */
export function isFernetToken(value: string): boolean {
  return decode(value) !== undefined;
}

/** Verifies (timing-safe) and decrypts a token. @throws FernetError */
export function openFernet(token: string, key: FernetKey): string {
  const bytes = decode(token);
  if (!bytes) throw new FernetError('malformed');
  const signed = bytes.subarray(0, bytes.length - MAC_BYTES);
  const mac = createHmac('sha256', key.signing).update(signed).digest();
  if (!timingSafeEqual(mac, bytes.subarray(bytes.length - MAC_BYTES))) throw new FernetError('wrong-key-or-altered');
  try {
    const decipher = createDecipheriv('aes-128-cbc', key.encryption, bytes.subarray(9, HEADER_BYTES));
    return Buffer.concat([decipher.update(signed.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    // A valid MAC over bad padding means the writer was not Fernet: treat it as altered.
    throw new FernetError('wrong-key-or-altered');
  }
}
