/**
 * Rows built from text ranges (`SentenceDecoder.pushWords` → `ReplyParser.word`) with a row
 * factory per attribute-name list: every odd name and value must give the object that adding
 * the properties one by one gives.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSentence, getTextCodec, ReplyParser, type TextEncodingName } from '../src/index.js';
import { RawPeer, tagOf } from './helpers/raw-peer.js';

/** The row a sentence's `=name=value` words describe, built the plain way. */
function expectedRow(words: readonly string[]): Record<string, string> {
  const row: Record<string, string> = {};
  for (const word of words) {
    if (!word.startsWith('=')) continue;
    const split = word.indexOf('=', 1);
    const name = split === -1 ? word.slice(1) : word.slice(1, split);
    Object.defineProperty(row, name, {
      value: split === -1 ? '' : word.slice(split + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return row;
}

/** Checks own properties in order and the prototype (toEqual alone would accept a changed prototype). */
function expectSameRow(actual: Record<string, string>, expected: Record<string, string>): void {
  expect(Object.getPrototypeOf(actual)).toBe(Object.prototype);
  expect(Object.entries(actual)).toEqual(Object.entries(expected));
}

/** Rows of differing name lists, in the order a router could send them. */
const ODD_ROWS: string[][] = [
  ['=name=a', '=comment=x=y==z', '=disabled=false'],
  ['=name=b', '=comment=', '=disabled=true'],
  ['=name=c', '=comment', '=disabled=false'],
  ['=__proto__=polluted', '=name=d'],
  ['=name=e', '=constructor=f', '=toString=g', '=hasOwnProperty=h'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a value that looks like a template must stay text
  ['=a"b=1', '=back\\slash=2', '=new\nline=3', '=line\u2028sep=4', '=${x}=5', '=`tick`=6', '=}; throw 1; {=7'],
  ['=1=one', '=0=zero', '=name=numeric names go first'],
  ['==empty name', '=dup=first', '=dup=second'],
  ['=.id=*1', '=name=f'],
  ['=name=g'],
];

describe('ReplyParser rows from text ranges', () => {
  it('builds the row adding properties would build, for odd names, __proto__ and changing name lists', () => {
    const parser = new ReplyParser();
    // Twice, so that the second pass runs on remembered names and cached factories.
    for (const words of [...ODD_ROWS, ...ODD_ROWS]) {
      const reply = parser.parse(['!re', ...words, '.tag=9']);
      expect(reply.tag).toBe('9');
      expectSameRow(reply.attributes, expectedRow(words));
    }
  });

  it('never reads past the end of a word into the text that follows it', () => {
    const parser = new ReplyParser();
    /** Feeds each word as a range of a text that goes on with `after`. */
    const row = (words: string[], after: string) => {
      for (const word of words) parser.word(`xx${word}${after}`, 2, 2 + word.length);
      return parser.endRow();
    };
    expectSameRow(row(['!re', '=name=a', '=mac=1'], '.tag=5'), { name: 'a', mac: '1' });
    // Remembered `name` and `mac` now; these words are their prefixes or bare, and the text after
    // them would complete the remembered names (or a tag word) if it were read.
    expectSameRow(row(['!re', '=na', '=mac'], 'me=b'), { na: '', mac: '' });
    expectSameRow(row(['!re', '=name', '=ma', '.ta'], 'c=2.tag=5'), { name: '', ma: '', '.ta': '' });
  });

  it('gives any row of random names and values, row after row on one parser', () => {
    const name = fc.oneof(
      fc.string({ maxLength: 10, unit: 'binary' }).filter((s) => !s.includes('=')),
      fc.constantFrom('__proto__', 'constructor', '.id', '0', '42', '"', '\\', '\u2028'),
    );
    const word = fc.oneof(
      fc.tuple(name, fc.string({ maxLength: 20, unit: 'binary' })).map(([n, v]) => `=${n}=${v}`),
      name.map((n) => `=${n}`),
    );
    fc.assert(
      fc.property(fc.array(fc.array(word, { maxLength: 8 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const parser = new ReplyParser();
        for (const words of rows) expectSameRow(parser.parse(['!re', ...words]).attributes, expectedRow(words));
      }),
      { numRuns: 300 },
    );
  });

  it('builds rows of more attributes than a factory takes one by one', () => {
    const words = Array.from({ length: 70 }, (_, i) => `=attribute-${i}=${i}`);
    expectSameRow(new ReplyParser().parse(['!re', ...words]).attributes, expectedRow(words));
  });
});

const ENCODINGS: Array<[TextEncodingName, string]> = [
  ['utf8', 'señal ☕ 日本'],
  ['latin1', 'señal ÿ ©'],
  ['win1252', 'señal € “x”'],
];

describe.each(ENCODINGS)('rows through a connection (%s)', (encoding, text) => {
  it('gives every odd row intact, whether a sentence arrives whole or a byte at a time', async () => {
    const codec = getTextCodec(encoding);
    const peer = await RawPeer.start();
    try {
      const { client, link } = await peer.connectClient({ username: 'admin', encoding });
      const sent = ODD_ROWS.map((words) => [...words, `=text=${text}`]);
      for (const byteAtATime of [false, true]) {
        const pending = client.exec('/x');
        const tag = tagOf(await link.nextSentence());
        const sentences = [...sent.map((words) => ['!re', `.tag=${tag}`, ...words]), ['!done', `.tag=${tag}`]];
        const bytes = Buffer.concat(sentences.map((words) => encodeSentence(words, codec)));
        if (byteAtATime) for (const byte of bytes) link.socket.write(Buffer.from([byte]));
        else link.socket.write(bytes);
        const { rows } = await pending;
        expect(rows).toHaveLength(sent.length);
        // Names such as `line\u2028sep` have no bytes in Latin-1: compare with what the encoding can carry.
        const carried = sent.map((words) => words.map((word) => codec.decode(codec.encode(word))));
        for (const [index, row] of rows.entries()) expectSameRow(row, expectedRow(carried[index]!));
      }
      await client.close();
    } finally {
      await peer.close();
    }
  });
});

describe('rows without code generation', () => {
  it('builds rows one property at a time under --disallow-code-generation-from-strings', async () => {
    // There `new Function` throws, so a parser that always made factories would fail every reply.
    const script = `
      const { ReplyParser } = await import(${JSON.stringify(fileURLToPath(new URL('../src/index.ts', import.meta.url)))});
      const parser = new ReplyParser();
      const rows = [['=name=a', '=x=1'], ['=name=b', '=x=2']].map((words) => parser.parse(['!re', ...words]).attributes);
      process.stdout.write(JSON.stringify(rows));`;
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--disallow-code-generation-from-strings',
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script,
    ]);
    expect(JSON.parse(stdout)).toEqual([
      { name: 'a', x: '1' },
      { name: 'b', x: '2' },
    ]);
  });
});
