/**
 * The expiry benchmark's routers, in a child process as other machines would be: `routers` mock
 * routers, each with `users` service users (comment naming their transaction, a `limit-uptime`)
 * and a session for each of its `expired` first users. Names and transaction ids are derived
 * from the router and user numbers (see `benchUser`), so both processes agree without sending
 * them. Driven by IPC messages from bench/expiry.ts.
 */
import { startMockRouter, type MockRouter } from '@hotspot/mock-routeros';
import { commentFor } from '../src/payments/hotspot-users.js';

/** Messages from the benchmark. */
export type RoutersRequest =
  | { kind: 'start'; routers: number; users: number; expired: number }
  | { kind: 'count' }
  | { kind: 'cpu' }
  | { kind: 'stop' };

/** Answers to the benchmark. */
export type RoutersReply =
  | { kind: 'started'; ports: number[] }
  | { kind: 'counted'; users: number[]; sessions: number[]; listens: number[]; userPrints: number[] }
  | { kind: 'cpu'; ms: number }
  | { kind: 'stopped' }
  | { kind: 'failed'; message: string };

/** The `i`th service user of router `r`: its name and transaction id. */
export function benchUser(r: number, i: number): { name: string; transactionId: string } {
  return { name: `b${r}u${i}`, transactionId: `TRX_${String(r).padStart(4, '0')}${String(i).padStart(12, '0')}` };
}

let mocks: MockRouter[] = [];

async function start(request: Extract<RoutersRequest, { kind: 'start' }>): Promise<RoutersReply> {
  mocks = await Promise.all(Array.from({ length: request.routers }, () => startMockRouter()));
  mocks.forEach((mock, r) => {
    for (let i = 0; i < request.users; i++) {
      const { name, transactionId } = benchUser(r, i);
      mock.state.add('/ip/hotspot/user', {
        name,
        password: 'x',
        profile: 'default',
        comment: commentFor(transactionId),
        'limit-uptime': '3h',
      });
      if (i < request.expired) {
        mock.state.add('/ip/hotspot/active', { user: name, uptime: '10m', 'mac-address': macOf(r, i), address: '10.5.50.9' });
      }
    }
  });
  return { kind: 'started', ports: mocks.map((m) => m.port) };
}

function macOf(r: number, i: number): string {
  const hex = (n: number) => n.toString(16).padStart(2, '0').toUpperCase();
  return ['02', hex(r), hex(i >> 16), hex((i >> 8) & 255), hex(i & 255), '01'].join(':');
}

process.on('message', (request: RoutersRequest) => {
  const answer = async (): Promise<RoutersReply> => {
    if (request.kind === 'start') return start(request);
    if (request.kind === 'count') {
      return {
        kind: 'counted',
        users: mocks.map((m) => m.state.items('/ip/hotspot/user').length),
        sessions: mocks.map((m) => m.state.items('/ip/hotspot/active').length),
        listens: mocks.map((m) => m.stats.commands['/ip/hotspot/active/listen'] ?? 0),
        userPrints: mocks.map((m) => m.stats.commands['/ip/hotspot/user/print'] ?? 0),
      };
    }
    if (request.kind === 'cpu') {
      const cpu = process.cpuUsage();
      return { kind: 'cpu', ms: (cpu.user + cpu.system) / 1000 };
    }
    await Promise.all(mocks.map((m) => m.close()));
    return { kind: 'stopped' };
  };
  answer().then(
    (reply) => process.send!(reply),
    (error: unknown) => process.send!({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
