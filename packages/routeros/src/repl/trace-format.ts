/**
 * `.trace on`: each sentence as it crosses the wire, one word per line with its length prefix
 * in hex, and a hex dump under any word holding bytes that are not printable text.
 */
import { encodeLength } from '../sentence-encoder.js';
import type { TextCodec } from '../text-codec.js';
import type { WireEvent } from '../types.js';
import { maskSecrets } from '../secret-mask.js';
import { displayValue } from './table.js';

/** Widest length prefix (5 bytes) as hex: `f0 10 00 00 00`. */
const PREFIX_COLUMN_WIDTH = 14;

const DUMP_BYTES_PER_LINE = 16;

/** Formats one traced sentence as lines of text. */
export function formatTrace(sentence: WireEvent, codec: TextCodec): string[] {
  const arrow = sentence.direction === 'out' ? '>>> out' : '<<< in';
  const lines = [`${arrow} ${sentence.tag === undefined ? '(untagged)' : `tag=${sentence.tag}`}`];
  // The client masks `onWire` words already; masking again keeps the trace safe on its own.
  for (const word of maskSecrets(sentence.words)) {
    const text = codec.decode(word);
    const printable = isPrintable(word, text, codec);
    lines.push(`  ${hex(encodeLength(word.length)).padEnd(PREFIX_COLUMN_WIDTH)}  ${displayValue(text)}`);
    if (!printable) lines.push(...hexDump(word).map((line) => `  ${' '.repeat(PREFIX_COLUMN_WIDTH)}  ${line}`));
  }
  lines.push(`  ${hex(encodeLength(0)).padEnd(PREFIX_COLUMN_WIDTH)}  (end of sentence)`);
  return lines;
}

/**
 * Printable means: the text has no control characters and decodes back to the same bytes
 * (invalid UTF-8 would show as U+FFFD and hide what was really sent).
 */
function isPrintable(word: Uint8Array, text: string, codec: TextCodec): boolean {
  return !/[\u0000-\u001f\u007f-\u009f\ufffd]/.test(text) && codec.encode(text).equals(word);
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

/** The word with every byte outside printable ASCII shown as `.`, the way hex dumps do. */
function asciiOnly(bytes: Uint8Array): string {
  return [...bytes].map((byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')).join('');
}

/** Classic hex dump: offset, 16 bytes in hex, the same bytes as ASCII. */
export function hexDump(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += DUMP_BYTES_PER_LINE) {
    const slice = bytes.subarray(offset, offset + DUMP_BYTES_PER_LINE);
    const column = hex(slice).padEnd(DUMP_BYTES_PER_LINE * 3 - 1);
    lines.push(`${offset.toString(16).padStart(4, '0')}  ${column}  |${asciiOnly(slice)}|`);
  }
  return lines;
}

/** Switchable tracer: hand `onWire` to the client; `.trace on|off` flips `enabled`. */
export class WireTracer {
  constructor(
    private readonly codec: TextCodec,
    private readonly print: (line: string) => void,
    public enabled = false,
  ) {}

  readonly onWire = (sentence: WireEvent): void => {
    if (!this.enabled) return;
    for (const line of formatTrace(sentence, this.codec)) this.print(line);
  };
}
