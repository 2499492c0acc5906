/** `/system/identity` and `/system/resource`: one item each, no ids. */
import type { SingletonMenu } from '../context.js';
import { formatInterval } from '../duration.js';

export const systemMenus: Record<string, SingletonMenu> = {
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
