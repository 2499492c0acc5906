import { describe, expect, it } from 'vitest';
import { LineSyntaxError, parseLine, tokenize } from '../src/repl/line-parser.js';

function wordsOf(line: string): string[] {
  const parsed = parseLine(line);
  if (parsed.kind !== 'command') throw new Error(`${line} is not a command`);
  return parsed.words;
}

describe('REPL line parser', () => {
  it('keeps API words as typed and expands name=value and bare names', () => {
    expect(parseLine('/ip/hotspot/user/print ?name=PT-AB12 =.proplist=name,profile follow')).toEqual({
      kind: 'command',
      path: '/ip/hotspot/user/print',
      words: ['?name=PT-AB12', '=.proplist=name,profile', '=follow='],
      background: false,
    });
    expect(wordsOf('/ip/hotspot/user/add name=a profile=1h comment=x=y')).toEqual(['=name=a', '=profile=1h', '=comment=x=y']);
    expect(wordsOf('/x/print ?#| ?-name ?>uptime=1h .proplist=name')).toEqual(['?#|', '?-name', '?>uptime=1h', '=.proplist=name']);
  });

  it('unquotes values with spaces, escapes and empty values', () => {
    expect(wordsOf(`/a/add comment="two words" note='it''s' x="a\\"b\\\\c\\n" empty="" path=a\\ b`)).toEqual([
      '=comment=two words',
      '=note=its',
      '=x=a"b\\c\n',
      '=empty=',
      '=path=a b',
    ]);
  });

  it('marks a trailing unquoted & as background, attached or apart', () => {
    expect(parseLine('/ip/hotspot/user/listen &')).toMatchObject({ path: '/ip/hotspot/user/listen', words: [], background: true });
    expect(parseLine('/a/print name=x&')).toMatchObject({ words: ['=name=x'], background: true });
    expect(parseLine('/a/add comment="&"')).toMatchObject({ words: ['=comment=&'], background: false });
    expect(parseLine('.listen /ip/hotspot/user &')).toMatchObject({ kind: 'directive', name: 'listen', background: true });
  });

  it('parses directives with their arguments and raw rest', () => {
    const parsed = parseLine('.complete /ip/hotspot/user/add ');
    expect(parsed).toMatchObject({ kind: 'directive', name: 'complete', rest: '/ip/hotspot/user/add ' });
    expect(parseLine('.trace on')).toMatchObject({ kind: 'directive', name: 'trace', args: [{ text: 'on', column: 8 }] });
  });

  it('skips blank lines and comments', () => {
    expect(parseLine('   ')).toEqual({ kind: 'empty' });
    expect(parseLine('# a comment')).toEqual({ kind: 'empty' });
  });

  it('rejects what cannot be sent, saying where', () => {
    const unterminated = () => parseLine('/a/add comment="open');
    expect(unterminated).toThrow(LineSyntaxError);
    expect(unterminated).toThrow(/unterminated " quote \(column 16\)/);
    expect(() => parseLine('ip/hotspot/user/print')).toThrow(/not a command path/);
    expect(() => parseLine('/a/print .tag=5')).toThrow(/\.tag is set by the client/);
    expect(() => parseLine('/a/print ""')).toThrow(/empty word/);
    expect(() => parseLine('&')).toThrow(/lone "&"/);
  });

  it('tokenizes half-typed lines for completion', () => {
    expect(tokenize('/a/add comment="open', { partial: true }).map((token) => token.text)).toEqual(['/a/add', 'comment=open']);
  });
});
