/**
 * The benchmark's other side, in a child process so the API under test has a core of its own (in
 * production the router and the gateway are other machines): the mock router, the fake gateways,
 * and the HTTP load generator. Driven by IPC messages from bench/purchases.ts.
 */
import { startFakeGateways, TEST_TOKENS } from '@hotspot/fake-gateways';
import { startMockRouter } from '@hotspot/mock-routeros';
import { Pool } from 'undici';
import { PLAN_PROFILES } from '../test/payments/env.js';
import { CONEKTA_KEY, MP_TOKEN } from '../test/payments/shop.js';

/** Messages from the main thread. */
export type PeersRequest =
  | { kind: 'start' }
  | { kind: 'load'; url: string; apiKey: string; productId: number; purchases: number; concurrency: number }
  | { kind: 'stop' };

/** Answers to the main thread. */
export type PeersReply =
  | { kind: 'started'; routerPort: number; conektaUrl: string; mercadoPagoUrl: string }
  | { kind: 'loaded'; latencies: number[]; seconds: number; cpuMs: number; routerCommands: number; routerConnections: number }
  | { kind: 'stopped' }
  | { kind: 'failed'; message: string };

const [mock, fakes] = await Promise.all([
  startMockRouter({ profiles: PLAN_PROFILES }),
  startFakeGateways({ conekta: { privateKey: CONEKTA_KEY }, mercadoPago: { accessToken: MP_TOKEN } }),
]);

/** Commands the router ran, logins left out. */
const routerCommands = () => Object.entries(mock.stats.commands).reduce((sum, [path, n]) => (path === '/login' ? sum : sum + n), 0);

async function load(request: Extract<PeersRequest, { kind: 'load' }>): Promise<PeersReply> {
  const http = new Pool(request.url, { connections: request.concurrency });
  const body = JSON.stringify({
    producto_id: request.productId,
    token_tarjeta: TEST_TOKENS.approve,
    nombre_cliente: 'Bench',
    email_cliente: 'bench@example.com',
  });
  const headers = { 'content-type': 'application/json', 'x-api-key': request.apiKey };
  const latencies: number[] = [];
  const commandsBefore = routerCommands();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: request.concurrency }, async () => {
      while (next < request.purchases) {
        next++;
        const t0 = performance.now();
        const res = await http.request({ method: 'POST', path: '/api/v1/payments/pagar-conekta', headers, body });
        const text = await res.body.text();
        if (res.statusCode !== 200) throw new Error(`purchase answered ${res.statusCode}: ${text}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await http.close();
  return {
    kind: 'loaded',
    latencies,
    seconds,
    cpuMs: (cpu.user + cpu.system) / 1000,
    routerCommands: routerCommands() - commandsBefore,
    routerConnections: mock.stats.connectionsAccepted,
  };
}

process.on('message', (request: PeersRequest) => {
  const answer = async (): Promise<PeersReply> => {
    if (request.kind === 'start')
      return { kind: 'started', routerPort: mock.port, conektaUrl: fakes.conekta.url, mercadoPagoUrl: fakes.mercadoPago.url };
    if (request.kind === 'load') return load(request);
    await Promise.all([mock.close(), fakes.close()]);
    return { kind: 'stopped' };
  };
  answer().then(
    (reply) => process.send!(reply),
    (error: unknown) => process.send!({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
