/**
 * `connect`: open the socket (TCP or TLS), log in, and hand back a {@link RouterOSClient},
 * all within one deadline and one abort signal.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { onAbort, startDeadline } from './abort.js';
import { Connection } from './connection.js';
import { AbortError, ConnectionClosedError, TimeoutError } from './errors.js';
import { login } from './login.js';
import { getTextCodec } from './text-codec.js';
import { tlsOptionsFor, warnUnauthenticated } from './tls.js';
import type { ConnectOptions, RouterOSClient } from './types.js';

/** Default deadline for connect+login and for each command. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Default TCP keepalive delay: NAT boxes drop quiet flows, and the router sets no idle timeout. */
export const DEFAULT_KEEPALIVE_MS = 30_000;

function checkOptions(options: ConnectOptions): void {
  if (typeof options?.host !== 'string' || options.host === '') throw new TypeError('connect: host is required');
  if (typeof options.username !== 'string') throw new TypeError('connect: username is required');
  const { timeout, port } = options;
  if (timeout !== undefined && !(timeout >= 0)) throw new TypeError(`connect: timeout must be a number of ms >= 0, got ${timeout}`);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new TypeError(`connect: port must be 1..65535, got ${port}`);
  }
}

/** Opens the socket; resolves once it is connected (and, with TLS, the handshake is done). */
function openSocket(options: ConnectOptions, port: number, abortSignal: AbortSignal): Promise<Socket> {
  const tlsOptions = tlsOptionsFor(options);
  if (options.tlsAnonymousDH) warnUnauthenticated(options.host);
  const socket = tlsOptions ? tlsConnect({ ...tlsOptions, host: options.host, port }) : netConnect({ host: options.host, port });
  const keepalive = options.keepalive ?? true;
  if (keepalive !== false) socket.setKeepAlive(true, keepalive === true ? DEFAULT_KEEPALIVE_MS : keepalive);
  socket.setNoDelay(true);
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      stopListening();
      socket.destroy();
      reject(error);
    };
    const onError = (error: Error) =>
      fail(new ConnectionClosedError(`could not connect to ${options.host}:${port}: ${error.message}`, { cause: error }));
    const stopListening = onAbort(abortSignal, () => fail(abortSignal.reason as Error));
    socket.once('error', onError);
    socket.once(tlsOptions ? 'secureConnect' : 'connect', () => {
      stopListening();
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/**
 * Connects to a router's API service and logs in.
 *
 * Rejects with `LoginError` (the router's message) on a refused login, `TimeoutError` when
 * connect plus login take longer than `timeout`, `AbortError` when `signal` aborts, and
 * `ConnectionClosedError` (with the system error as `cause`) when the router cannot be reached.
 *
 * @example
 * const client = await connect({ host: '192.0.2.1', username: 'api', password: 'secret' });
 * const { rows } = await client.exec('/system/identity/print');
 */
export async function connect(options: ConnectOptions): Promise<RouterOSClient> {
  checkOptions(options);
  const codec = getTextCodec(options.encoding);
  const timeoutMs = options.timeout ?? DEFAULT_TIMEOUT_MS;
  const useTls = Boolean(options.tls) || options.tlsAnonymousDH === true;
  const port = options.port ?? (useTls ? 8729 : 8728);
  const peer = `${options.host}:${port}`;

  // One internal signal carries both the caller's abort and the deadline, with the error to raise.
  const attempt = new AbortController();
  const timer = startDeadline(timeoutMs, () =>
    attempt.abort(new TimeoutError(`connect and login to ${peer} took more than ${timeoutMs} ms`, timeoutMs)),
  );
  const { signal } = options;
  const stopForwarding = signal
    ? onAbort(signal, () => attempt.abort(new AbortError(`connect to ${peer} was aborted`, { cause: signal.reason })))
    : undefined;
  try {
    const socket = await openSocket(options, port, attempt.signal);
    const connection = new Connection(socket, { codec, timeoutMs, peer, onWire: options.onWire });
    const stopLogin = onAbort(attempt.signal, () => connection.destroy(attempt.signal.reason as Error));
    try {
      await login((path, params) => connection.exec(path, params, { timeout: 0 }), options.username, options.password ?? '', codec);
    } catch (error) {
      connection.destroy(error as Error);
      throw error;
    } finally {
      stopLogin();
    }
    return connection;
  } finally {
    clearTimeout(timer);
    stopForwarding?.();
  }
}
