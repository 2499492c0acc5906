import { describe, expect, it } from 'vitest';
import { commandWords } from '../src/index.js';

describe('commandWords', () => {
  it('turns an object into attribute and query words', () => {
    expect(
      commandWords('/ip/hotspot/user/print', {
        '.proplist': ['name', 'profile'],
        '?profile': 'default',
        '?disabled': false,
        '?#': '&',
        limit: 5,
        dynamic: true,
        skipped: undefined,
      }),
    ).toEqual(['/ip/hotspot/user/print', '=.proplist=name,profile', '?profile=default', '?disabled=no', '?#&', '=limit=5', '=dynamic=yes']);
  });

  it('passes raw words as they are', () => {
    expect(commandWords('/interface/print', ['?type=ether', '?type=vlan', '?#|'])).toEqual([
      '/interface/print',
      '?type=ether',
      '?type=vlan',
      '?#|',
    ]);
  });

  it('keeps values with = and empty values intact', () => {
    expect(commandWords('/x/set', { comment: 'a=b', name: '' })).toEqual(['/x/set', '=comment=a=b', '=name=']);
  });

  it('refuses bad input before anything is sent', () => {
    expect(() => commandWords('ip/print')).toThrow(TypeError);
    expect(() => commandWords('/x', { 'a=b': 'c' })).toThrow(/contains '='/);
    expect(() => commandWords('/x', { '': 'c' })).toThrow(TypeError);
    expect(() => commandWords('/x', { n: Number.NaN })).toThrow(/finite/);
    expect(() => commandWords('/x', { '.tag': '1' })).toThrow(/\.tag/);
    expect(() => commandWords('/x', ['.tag=1'])).toThrow(/\.tag/);
    expect(() => commandWords('/x', [1 as unknown as string])).toThrow(TypeError);
  });
});
