/**
 * Voucher barcodes as PNG images, so a page that shows the gateway's `barcode_url` shows a real,
 * scannable barcode. Interleaved 2 of 5 (ITF): numeric, even length, which every voucher
 * reference the fakes issue is. The real gateways draw Code 128; ITF is far smaller to encode
 * and any scanner reads both.
 */
import { crc32, deflateSync } from 'node:zlib';

/** Bar widths of each digit in ITF: N narrow, W wide. */
const DIGIT_WIDTHS = ['NNWWN', 'WNNNW', 'NWNNW', 'WWNNN', 'NNWNW', 'WNWNN', 'NWWNN', 'NNNWW', 'WNNWN', 'NWNWN'];
const NARROW_PX = 2;
const WIDE_PX = 5;
const QUIET_PX = 20;
const HEIGHT_PX = 80;

/** A PNG barcode of `digits` (an even number of decimal digits). */
export function barcodePng(digits: string): Buffer {
  if (!/^(\d\d)+$/.test(digits)) throw new RangeError('an ITF barcode needs an even number of digits');
  // Alternating bar, space, bar…; start pattern, digit pairs (first in bars, second in spaces), stop.
  const widths: string[] = ['N', 'N', 'N', 'N'];
  for (let i = 0; i < digits.length; i += 2) {
    const bars = DIGIT_WIDTHS[Number(digits[i])] as string;
    const spaces = DIGIT_WIDTHS[Number(digits[i + 1])] as string;
    for (let k = 0; k < 5; k++) widths.push(bars[k] as string, spaces[k] as string);
  }
  widths.push('W', 'N', 'N');

  const row: number[] = new Array(QUIET_PX).fill(255);
  widths.forEach((width, index) => {
    const colour = index % 2 === 0 ? 0 : 255;
    for (let px = 0; px < (width === 'W' ? WIDE_PX : NARROW_PX); px++) row.push(colour);
  });
  for (let px = 0; px < QUIET_PX; px++) row.push(255);

  // One grayscale row per line, each after its filter byte (0: none).
  const line = Buffer.from([0, ...row]);
  const raw = Buffer.concat(new Array<Buffer>(HEIGHT_PX).fill(line));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(row.length, 0);
  header.writeUInt32BE(HEIGHT_PX, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit grayscale, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}
