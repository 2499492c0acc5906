import { describe, expect, it } from 'vitest';
import { getTextCodec } from '../src/text-codec.js';
import { formatTrace, hexDump } from '../src/repl/trace-format.js';

const utf8 = getTextCodec('utf8');
const words = (...texts: string[]) => texts.map((text) => Buffer.from(text, 'utf8'));

describe('REPL trace formatter', () => {
  it('shows direction, tag, each word with its length prefix in hex, and the terminator', () => {
    const lines = formatTrace({ direction: 'out', tag: '3', words: words('/system/resource/print', '.tag=3') }, utf8);
    expect(lines).toEqual([
      '>>> out tag=3',
      '  16              /system/resource/print',
      '  06              .tag=3',
      '  00              (end of sentence)',
    ]);
  });

  it('uses the multi-byte prefix forms for long words', () => {
    const long = `=comment=${'x'.repeat(291)}`;
    const [, line] = formatTrace({ direction: 'in', words: words(long) }, utf8);
    expect(line).toBe(`  81 2c           ${long}`);
    expect(formatTrace({ direction: 'in', words: [] }, utf8)[0]).toBe('<<< in (untagged)');
  });

  it('masks =password= and =response= even when handed the real value', () => {
    const text = formatTrace(
      { direction: 'out', words: words('/login', '=name=admin', '=password=hunter2', '=response=00abc') },
      utf8,
    ).join('\n');
    expect(text).not.toMatch(/hunter2|00abc/);
    expect(text).toContain('=password=********');
    expect(text).toContain('=response=********');
  });

  it('hex-dumps words with bytes that are not printable, and invalid UTF-8', () => {
    const lines = formatTrace({ direction: 'in', words: [Buffer.from([0x3d, 0x78, 0x3d, 0x01, 0xff])] }, utf8);
    expect(lines[1]).toBe('  05              =x=\\x01\ufffd');
    expect(lines[2]).toBe(`${' '.repeat(18)}0000  3d 78 3d 01 ff${' '.repeat(33)}  |=x=..|`);
    const accented = formatTrace({ direction: 'in', words: words('=name=señal') }, utf8);
    expect(accented[1]).toBe('  0c              =name=señal');
  });

  it('dumps 16 bytes a line with offsets', () => {
    const dump = hexDump(Buffer.from(Array.from({ length: 18 }, (_, index) => index)));
    expect(dump).toHaveLength(2);
    expect(dump[1]).toMatch(/^0010 {2}10 11 /);
  });
});
