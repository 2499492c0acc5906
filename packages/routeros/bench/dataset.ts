/**
 * The benchmark's data: hotspot-active-like rows of 16 attributes (~310 bytes on the wire each),
 * pre-encoded once so that serving them costs the peer little more than a memory copy.
 */
import { encodeSentence, lengthPrefixSize } from '../src/sentence-encoder.js';

/** Rows in the big `print` reply (~30 MB). */
export const PRINT_ROWS = 100_000;

/** Rows sent to one `listen` / `print =follow=` stream. */
export const STREAM_ROWS = 1_000_000;

function hex(value: number, width: number): string {
  return value.toString(16).toUpperCase().padStart(width, '0');
}

/** The attributes of row `index`; deterministic, so every run serves the same bytes. */
export function benchRow(index: number): Record<string, string> {
  const octets = [(index >> 16) & 0xff, (index >> 8) & 0xff, index & 0xff];
  return {
    '.id': `*${hex(index + 1, 1)}`,
    server: 'hotspot1',
    user: `guest-${String(index).padStart(6, '0')}`,
    domain: '',
    address: `10.${octets.join('.')}`,
    'mac-address': `02:00:5E:${octets.map((octet) => hex(octet, 2)).join(':')}`,
    'login-by': index % 3 === 0 ? 'cookie' : 'http-chap',
    uptime: `${index % 24}h${index % 60}m${(index * 7) % 60}s`,
    'idle-time': `${index % 300}s`,
    'idle-timeout': '5m',
    'keepalive-timeout': '2m',
    'bytes-in': String(index * 1_048_583),
    'bytes-out': String(index * 7_340_033),
    'packets-in': String(index * 1021),
    'packets-out': String(index * 5099),
    comment: `voucher ${hex((index * 2_654_435_761) % 0xffffffff, 8)}`,
  };
}

/** The words of a row after its reply word: `=name=value` each. */
function rowWords(index: number): string[] {
  return Object.entries(benchRow(index)).map(([name, value]) => `=${name}=${value}`);
}

/** Pre-encoded rows: each row's attribute words (length-prefixed, no reply word, no terminator). */
export interface EncodedRows {
  readonly count: number;
  /** All rows' attribute words back to back. */
  readonly bytes: Buffer;
  /** `offsets[i]..offsets[i+1]` are row i's bytes. */
  readonly offsets: Uint32Array;
}

export function encodeRows(count: number): EncodedRows {
  // Each row is a sentence without its terminator.
  const rows = Array.from({ length: count }, (_, index) => encodeSentence(rowWords(index)).subarray(0, -1));
  const offsets = new Uint32Array(count + 1);
  rows.forEach((row, index) => {
    offsets[index + 1] = offsets[index]! + row.length;
  });
  return { count, bytes: Buffer.concat(rows), offsets };
}

/** Bytes of the `.tag=` word for `tag`, prefix included. */
export function tagWordSize(tag: string): number {
  const length = '.tag='.length + Buffer.byteLength(tag);
  return lengthPrefixSize(length) + length;
}

/** Wire size of a whole `print` reply (rows, then `!done`) for a command tagged `tag`. */
export function printReplySize(rowCount: number, rowBytes: number, tag: string): number {
  const reWord = 1 + '!re'.length;
  const doneWord = 1 + '!done'.length;
  return rowBytes + rowCount * (reWord + tagWordSize(tag) + 1) + doneWord + tagWordSize(tag) + 1;
}
