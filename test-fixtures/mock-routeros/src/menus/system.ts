/** `/system/identity`, `/system/resource` and `/system/clock`: one item each, no ids. */
import type { SingletonMenu } from '../context.js';
import { formatInterval } from '../duration.js';
import { isVersionAtLeast } from '../version.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The router's date as `/system/clock` prints it: `2023-07-14` from 7.10 on, `jul/14/2023` before (HOTSPOT.md 6). */
function routerDate(time: Date, version: string): string {
  const day = String(time.getUTCDate()).padStart(2, '0');
  if (!isVersionAtLeast(version, '7.10')) return `${MONTHS[time.getUTCMonth()]}/${day}/${time.getUTCFullYear()}`;
  return `${time.getUTCFullYear()}-${String(time.getUTCMonth() + 1).padStart(2, '0')}-${day}`;
}

export const systemMenus: Record<string, SingletonMenu> = {
  // The router's clock, in UTC; setting it is not modelled (tests move it with clock.advance).
  '/system/clock': {
    read: ({ router, state }) => {
      const now = new Date(router.clock.now());
      return {
        time: now.toISOString().slice(11, 19),
        date: routerDate(now, state.version),
        'time-zone-autodetect': 'true',
        'time-zone-name': 'UTC',
        'gmt-offset': '+00:00',
        'dst-active': 'false',
      };
    },
  },
  '/system/identity': {
    read: ({ state }) => ({ name: state.identity }),
    write: ({ state }, fields) => {
      if (fields.name !== undefined) state.identity = fields.name;
    },
  },
  '/system/resource': {
    // A CHR (cloud hosted router) as it reports itself; the load varies a little like a real one.
    read: ({ router, state }) => ({
      uptime: formatInterval(Math.floor((router.clock.now() - router.startedAt) / 1000)),
      version: `${state.version} (stable)`,
      'build-time': '2025-09-24 10:20:31',
      'factory-software': '7.1',
      'free-memory': '845840384',
      'total-memory': '1073741824',
      cpu: 'Intel(R)',
      'cpu-count': '2',
      'cpu-frequency': '2400',
      'cpu-load': String(Math.floor(Math.random() * 5)),
      'free-hdd-space': '93175808',
      'total-hdd-space': '134217728',
      'write-sect-since-reboot': '1520',
      'write-sect-total': '1520',
      'architecture-name': 'x86_64',
      'board-name': 'CHR',
      platform: 'MikroTik',
    }),
  },
};
