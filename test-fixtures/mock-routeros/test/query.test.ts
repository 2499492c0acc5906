import { describe, expect, it } from 'vitest';
import { compileQuery, QueryError } from '../src/query.js';

const items: Array<Record<string, string>> = [
  { '.id': '*1', name: 'ether1', type: 'ether', mtu: '1500' },
  { '.id': '*2', name: 'vlan10', type: 'vlan', mtu: '1496' },
  { '.id': '*3', name: 'bridge', type: 'bridge', mtu: '9000' },
  { '.id': '*A', name: 'wg0', type: 'wg' },
];
const select = (...words: string[]) => items.filter(compileQuery(words).matches).map((item) => item.name);

describe('compileQuery', () => {
  it('matches everything without query words', () => {
    expect(select()).toEqual(['ether1', 'vlan10', 'bridge', 'wg0']);
  });

  it('follows the MikroTik example: ?type=ether ?type=vlan ?#|!', () => {
    expect(select('type=ether', 'type=vlan', '#|')).toEqual(['ether1', 'vlan10']);
    expect(select('type=ether', 'type=vlan', '#|!')).toEqual(['bridge', 'wg0']);
  });

  it('compares numbers numerically and text as text', () => {
    expect(select('>mtu=1500')).toEqual(['bridge']);
    expect(select('<mtu=1500')).toEqual(['vlan10']);
    expect(select('>name=m')).toEqual(['vlan10', 'wg0']);
    // A missing property is neither less nor greater.
    expect(select('#', '<mtu=99999')).toEqual(['ether1', 'vlan10', 'bridge']);
  });

  it('copies stack entries by depth and combines them', () => {
    // stack: [type=ether, type=bridge]; "1" copies type=ether; "|" → (bridge|ether); "&" → ether & (…)
    expect(select('type=ether', 'type=bridge', '#1|&')).toEqual(['ether1']);
    expect(select('type=ether', 'type=bridge', '#|', '-mtu', '#|')).toEqual(['ether1', 'bridge', 'wg0']);
  });

  it('refuses query words it cannot evaluate, before looking at any item', () => {
    expect(() => compileQuery(['#&'])).toThrow(QueryError);
    expect(() => compileQuery(['name=a', '#3'])).toThrow(/no stack entry 3 below the top/);
    expect(() => compileQuery(['#x'])).toThrow(/unknown operation "x"/);
    expect(() => compileQuery(['<mtu'])).toThrow(/needs a value/);
    expect(() => compileQuery(['=value'])).toThrow(/needs a value/);
    expect(() => compileQuery(['='])).toThrow(/no property name/);
  });
});
