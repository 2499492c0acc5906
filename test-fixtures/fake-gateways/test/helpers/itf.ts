import { inflateSync } from 'node:zlib';

/** Reads an 8-bit grayscale PNG's first row and decodes it as an Interleaved 2 of 5 barcode, as a scanner would. */
export function scanItfPng(png: Buffer): string {
  expect8BitGray(png);
  const width = png.readUInt32BE(16);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const row = raw.subarray(1, 1 + width);
  const runs: number[] = [];
  let first = row.indexOf(0);
  const last = row.lastIndexOf(0);
  while (first <= last) {
    let end = first;
    while (end <= last && row[end] === row[first]) end++;
    runs.push(end - first);
    first = end;
  }
  const narrow = Math.min(...runs);
  const wide = runs.map((run) => run > narrow * 1.5);
  const code = (flags: boolean[]) => flags.map((w) => (w ? 'W' : 'N')).join('');
  const PATTERNS = ['NNWWN', 'WNNNW', 'NWNNW', 'WWNNN', 'NNWNW', 'WNWNN', 'NWWNN', 'NNNWW', 'WNNWN', 'NWNWN'];
  if (code(wide.slice(0, 4)) !== 'NNNN' || code(wide.slice(-3)) !== 'WNN') throw new Error('no ITF start/stop');
  let digits = '';
  for (let i = 4; i < wide.length - 3; i += 10) {
    const pair = wide.slice(i, i + 10);
    digits += PATTERNS.indexOf(code(pair.filter((_, k) => k % 2 === 0)));
    digits += PATTERNS.indexOf(code(pair.filter((_, k) => k % 2 === 1)));
  }
  return digits;
}

function expect8BitGray(png: Buffer): void {
  if (png.toString('latin1', 1, 4) !== 'PNG' || png[24] !== 8 || png[25] !== 0) throw new Error('not an 8-bit grayscale PNG');
}
