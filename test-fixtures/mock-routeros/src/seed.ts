/** Bulk seeding for benchmarks: many active hotspot sessions, generated without any I/O. */
import { ACTIVE, DEFAULT_SERVER } from './menus/hotspot.js';
import type { MockState } from './state.js';

/** The `n`-th (0-based) address of 10.0.0.0/8, skipping .0 of the first block. */
function address(n: number): string {
  const value = n + 2;
  return `10.${(value >> 16) & 255}.${(value >> 8) & 255}.${value & 255}`;
}

function mac(n: number): string {
  const hex = n.toString(16).toUpperCase().padStart(8, '0');
  return `02:00:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}`;
}

/** Adds `count` active sessions (`user1`, `user2`, …) with distinct addresses and MACs. */
export function seedActiveSessions(state: MockState, count: number): void {
  if (!Number.isInteger(count) || count < 0 || count > 0xfffffd) {
    throw new RangeError(`seedActive must be an integer from 0 to ${0xfffffd}, got ${count}`);
  }
  const table = state.table(ACTIVE);
  for (let n = 0; n < count; n++) {
    const uptime = (n * 7919) % 86400;
    table.adopt({
      '.id': '',
      server: DEFAULT_SERVER,
      user: `user${n + 1}`,
      domain: '',
      address: address(n),
      'mac-address': mac(n),
      'login-by': 'http-chap',
      uptime: `${uptime}s`,
      'idle-time': `${n % 300}s`,
      'keepalive-timeout': '2m',
      'bytes-in': String(uptime * 1500),
      'bytes-out': String(uptime * 9000),
      'packets-in': String(uptime * 2),
      'packets-out': String(uptime * 7),
      radius: 'false',
    });
  }
}
