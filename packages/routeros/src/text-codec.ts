/**
 * Text codecs for word values. The router stores bytes and never says which encoding they
 * are in, so the decoder keeps raw bytes and text is decoded here, at the edge, with the
 * codec the caller chose.
 */

/** Names of the built-in encodings. */
export type TextEncodingName = 'utf8' | 'latin1' | 'win1252';

/** Turns strings into word bytes and back. */
export interface TextCodec {
  readonly name: TextEncodingName;
  encode(text: string): Buffer;
  decode(bytes: Uint8Array): string;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const utf8: TextCodec = {
  name: 'utf8',
  encode: (text) => Buffer.from(text, 'utf8'),
  decode: (bytes) => asBuffer(bytes).toString('utf8'),
};

/** Latin-1 maps every byte to the code point of the same number, so any byte string round-trips. */
const latin1: TextCodec = {
  name: 'latin1',
  encode: (text) => Buffer.from(text, 'latin1'),
  decode: (bytes) => asBuffer(bytes).toString('latin1'),
};

/**
 * Windows-1252 differs from Latin-1 only in 0x80..0x9F. The five bytes that 1252 leaves
 * undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 control of the same number, as
 * the WHATWG encoding standard does, so decoding never loses a byte.
 */
const WIN1252_HIGH_CONTROLS = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f, 0x0090,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

const WIN1252_BYTE_OF_CODE_POINT = new Map<number, number>(WIN1252_HIGH_CONTROLS.map((codePoint, index) => [codePoint, 0x80 + index]));

/** Bytes that cannot be written in Windows-1252 become `?`, as Windows itself does. */
const UNMAPPABLE = 0x3f;

const win1252: TextCodec = {
  name: 'win1252',
  encode(text) {
    const out = Buffer.allocUnsafe(text.length);
    let length = 0;
    for (const char of text) {
      const codePoint = char.codePointAt(0)!;
      const mapped = WIN1252_BYTE_OF_CODE_POINT.get(codePoint);
      if (mapped !== undefined) out[length++] = mapped;
      else if (codePoint < 0x80 || (codePoint >= 0xa0 && codePoint <= 0xff)) out[length++] = codePoint;
      else out[length++] = UNMAPPABLE;
    }
    return out.subarray(0, length);
  },
  decode(bytes) {
    let text = '';
    let plainStart = 0;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i]!;
      if (byte >= 0x80 && byte <= 0x9f) {
        text += asBuffer(bytes).toString('latin1', plainStart, i) + String.fromCharCode(WIN1252_HIGH_CONTROLS[byte - 0x80]!);
        plainStart = i + 1;
      }
    }
    return plainStart === 0 ? asBuffer(bytes).toString('latin1') : text + asBuffer(bytes).toString('latin1', plainStart);
  },
};

const CODECS: Record<TextEncodingName, TextCodec> = { utf8, latin1, win1252 };

/** The codec for an encoding name; throws a `TypeError` for an unknown name. */
export function getTextCodec(name: TextEncodingName = 'utf8'): TextCodec {
  const codec = CODECS[name];
  if (!codec) throw new TypeError(`unknown encoding ${JSON.stringify(name)}; use utf8, latin1 or win1252`);
  return codec;
}
