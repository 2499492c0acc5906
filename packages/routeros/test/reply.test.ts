import { describe, expect, it } from 'vitest';
import { parseReply, ReplyParser } from '../src/index.js';

const parse = (...words: string[]) => parseReply(words);

describe('ReplyParser', () => {
  it('classifies every reply word the API defines', () => {
    expect(parse('!re', '=name=a').type).toBe('re');
    expect(parse('!done').type).toBe('done');
    expect(parse('!trap', '=message=x').type).toBe('trap');
    expect(parse('!fatal', 'bye').type).toBe('fatal');
    expect(parse('!empty').type).toBe('empty');
  });

  it('splits attributes on the second = only, keeps empty values and accepts a bare =name', () => {
    expect(parse('!re', '=comment=a=b==c', '=empty=', '=bare').attributes).toEqual({ comment: 'a=b==c', empty: '', bare: '' });
  });

  it('finds .tag wherever it stands and keeps it out of the attributes', () => {
    expect(parse('!re', '.tag=7', '=name=x')).toEqual({ type: 're', tag: '7', attributes: { name: 'x' } });
    expect(parse('!done', '=ret=*1', '.tag=8')).toEqual({ type: 'done', tag: '8', attributes: { ret: '*1' } });
    expect(parse('!done').tag).toBeUndefined();
  });

  it('keeps other API words such as .section as attributes', () => {
    expect(parse('!re', '.section=2', '=.id=*1').attributes).toEqual({ '.section': '2', '.id': '*1' });
  });

  it('takes the bare reason word of !fatal', () => {
    expect(parse('!fatal', 'session terminated on request').reason).toBe('session terminated on request');
    expect(parse('!fatal', '.tag=3', 'not logged in')).toMatchObject({ reason: 'not logged in', tag: '3' });
  });

  it('reports an unknown reply word instead of throwing', () => {
    expect(parse('!weird', '.tag=4')).toMatchObject({ type: 'unknown', word: '!weird', tag: '4' });
    expect(parse('re', '=a=b')).toMatchObject({ type: 'unknown', word: 're' });
  });

  it('makes __proto__ an ordinary property instead of changing the prototype', () => {
    const row = parse('!re', '=__proto__=polluted').attributes;
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.entries(row)).toEqual([['__proto__', 'polluted']]);
  });

  it('tells tags of the same length apart from one sentence to the next', () => {
    const parser = new ReplyParser();
    const tags = ['12', '12', '13', '1', '12', '120'].map((tag) => parser.parse(['!re', `.tag=${tag}`, '=a=b']).tag);
    expect(tags).toEqual(['12', '12', '13', '1', '12', '120']);
    expect(parser.parse(['!re', '=a=b']).tag).toBeUndefined();
  });

  it('reuses remembered names correctly when rows change shape', () => {
    const parser = new ReplyParser();
    expect(parser.parse(['!re', '=name=a', '=mac=1']).attributes).toEqual({ name: 'a', mac: '1' });
    expect(parser.parse(['!re', '=nam=b', '=mac=2']).attributes).toEqual({ nam: 'b', mac: '2' });
    expect(parser.parse(['!re', '=names=c', '=mac']).attributes).toEqual({ names: 'c', mac: '' });
    expect(parser.parse(['!re', '=mac=3', '=name=c']).attributes).toEqual({ mac: '3', name: 'c' });
    expect(parser.parse(['!re', '==empty-name', '=mac=4']).attributes).toEqual({ '': 'empty-name', mac: '4' });
  });
});
