import { describe, expect, it } from 'vitest';
import { Table } from '../src/state.js';

describe('Table.find', () => {
  it('finds items by name, user and MAC address (any letter case) through adds, changes and removals', () => {
    const table = new Table();
    const a = table.insert({ name: 'a', 'mac-address': 'AA:BB:CC:00:00:01' });
    table.insert({ name: 'b', user: 'u1' });
    expect(table.find('name', 'a')).toEqual([a]);
    expect(table.find('mac-address', 'aa:bb:cc:00:00:01')).toEqual([a]);
    table.update(a['.id']!, { name: 'c', 'mac-address': undefined });
    expect(table.find('name', 'a')).toEqual([]);
    expect(table.find('name', 'c').map((item) => item['.id'])).toEqual([a['.id']]);
    expect(table.find('mac-address', 'AA:BB:CC:00:00:01')).toEqual([]);
    // Counter changes keep the index as it was.
    table.updateQuietly(a['.id']!, { uptime: '1s' });
    expect(table.find('name', 'c')[0]!.uptime).toBe('1s');
    expect(table.find('user', 'u1').map((item) => item.name)).toEqual(['b']);
    table.delete(a['.id']!);
    expect(table.find('name', 'c')).toEqual([]);
    expect(table.find('name', undefined)).toEqual([]);
  });
});
