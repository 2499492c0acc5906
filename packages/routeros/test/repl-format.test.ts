import { describe, expect, it } from 'vitest';
import { FatalError, TimeoutError, TrapError } from '../src/errors.js';
import { ReplyFormatter } from '../src/repl/reply-format.js';
import { renderPairs, renderTable } from '../src/repl/table.js';

const foreground = { tag: '7', background: false };

describe('REPL tables', () => {
  it('aligns the union of columns, .id first, control characters escaped', () => {
    const lines = renderTable([
      { name: 'PT-AB12', '.id': '*1', profile: 'default' },
      { '.id': '*2A', name: 'x', comment: 'two\nlines' },
    ]);
    expect(lines).toEqual(['.id  name     profile  comment', '*1   PT-AB12  default', '*2A  x                 two\\nlines']);
  });

  it('renders streamed rows as pairs, quoting values with spaces or nothing', () => {
    expect(renderPairs({ '.id': '*1', comment: 'a b', empty: '', '.dead': 'yes' })).toBe('.id=*1 comment="a b" empty="" .dead=yes');
  });
});

describe('REPL reply formatter', () => {
  it('shows !empty and the !done attributes as the router sent them', () => {
    const formatter = new ReplyFormatter();
    expect(formatter.finished(foreground, { rows: [], done: {}, empty: true, cancelled: false })).toEqual(['!empty', '!done']);
    expect(formatter.finished(foreground, { rows: [], done: { ret: '*3' }, empty: false, cancelled: false })).toEqual(['!done ret=*3']);
    expect(formatter.finished({ tag: '4', background: true }, { done: {}, empty: false, cancelled: true })).toEqual([
      '[4] !done (cancelled)',
    ]);
  });

  it('shows every trap with its category and meaning, and !fatal with its reason', () => {
    const formatter = new ReplyFormatter();
    const trap = new TrapError('/ip/hotspot/user/add', [
      {
        message: 'input does not match any value of profile',
        category: 1,
        attributes: { message: 'input does not match any value of profile', category: '1' },
      },
      { message: 'second', category: undefined, attributes: { message: 'second', extra: 'x y' } },
    ]);
    expect(formatter.failed(foreground, trap)).toEqual([
      '!trap category=1 (argument value failure): input does not match any value of profile',
      '!trap: second extra="x y"',
    ]);
    expect(formatter.failed(foreground, new FatalError('session terminated on request'))).toEqual(['!fatal session terminated on request']);
    expect(formatter.failed(foreground, new TimeoutError('no answer in 5 ms', 5))).toEqual(['error: TimeoutError: no answer in 5 ms']);
  });

  it('writes one JSON document per line in json format, tagged', () => {
    const formatter = new ReplyFormatter();
    formatter.format = 'json';
    const [line] = formatter.finished(foreground, { rows: [{ name: 'a' }], done: { ret: '*1' }, empty: false, cancelled: false });
    expect(JSON.parse(line!)).toEqual({ tag: '7', rows: [{ name: 'a' }], done: { ret: '*1' }, empty: false });
    expect(JSON.parse(formatter.row({ tag: '9', background: true }, { '.id': '*1' }))).toEqual({ tag: '9', row: { '.id': '*1' } });
    const trap = new TrapError('/x', [{ message: 'no such item', category: undefined, attributes: { message: 'no such item' } }]);
    expect(JSON.parse(formatter.failed(foreground, trap)[0]!)).toEqual({ tag: '7', traps: [{ message: 'no such item' }] });
    expect(JSON.parse(formatter.failed(foreground, new FatalError('bye'))[0]!)).toEqual({ tag: '7', fatal: 'bye' });
    expect(JSON.parse(formatter.started({ tag: '9', background: true }, '/x/listen &'))).toEqual({
      tag: '9',
      background: true,
      command: '/x/listen &',
    });
    expect(JSON.parse(formatter.rejected(new TimeoutError('late', 5), true))).toEqual({ error: 'TimeoutError', message: 'late' });
    formatter.format = 'table';
    expect(formatter.rejected(new TimeoutError('late', 5), true)).toBe('error: TimeoutError: late');
    expect(formatter.rejected(new TimeoutError('late', 5), false)).toBe('error: late');
  });
});
