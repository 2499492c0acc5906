/**
 * A client that owns its connection: connects on first use, reconnects with exponential
 * backoff after a drop, and fails fast while it waits to retry. A command in flight when the
 * link drops rejects and is never sent again (an `add` sent twice makes two users).
 */
import { onAbort } from './abort.js';
import { connect } from './connect.js';
import { AbortError, ConnectionClosedError } from './errors.js';
import type { Params } from './params.js';
import type { ConnectOptions, ExecOptions, ExecResult, RouterOSClient, RouterOSStream, StreamOptions, StreamResult } from './types.js';

/** Backoff between connect attempts: `initialDelayMs` after the first failure, doubling up to `maxDelayMs`. */
export interface ReconnectOptions {
  /** Default 500. */
  initialDelayMs?: number;
  /** Default 30000. */
  maxDelayMs?: number;
}

/** Options of {@link createManagedClient}. */
export interface ManagedClientOptions extends ConnectOptions {
  /** Backoff between connect attempts. */
  reconnect?: ReconnectOptions;
}

/** The same commands as {@link RouterOSClient}, over a connection that is kept up for you. */
export interface ManagedClient {
  /** Connects if needed, then runs the command. During a backoff window it rejects at once with `ConnectionClosedError` (`cause`: the last connect error). */
  exec(path: string, params?: Params, options?: ExecOptions): Promise<ExecResult>;
  /** Connects if needed, then streams. `tag` is `''` until the command has been sent. */
  stream(path: string, params?: Params, options?: StreamOptions): RouterOSStream;
  /** Closes the connection and stops reconnecting. Later calls reject with `ConnectionClosedError`. */
  close(): Promise<void>;
  /** `true` while a logged-in connection is open. */
  readonly connected: boolean;
}

const DEFAULT_INITIAL_DELAY_MS = 500;
const DEFAULT_MAX_DELAY_MS = 30_000;

class Managed implements ManagedClient {
  private client: RouterOSClient | undefined;
  private connecting: Promise<RouterOSClient> | undefined;
  private failures = 0;
  /** Before this time (ms since epoch) calls fail fast instead of connecting. */
  private retryAt = 0;
  private lastError: Error | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Aborts the connect attempt in progress when the client is closed. */
  private readonly closing = new AbortController();
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(private readonly options: ManagedClientOptions) {
    this.initialDelayMs = options.reconnect?.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS;
    this.maxDelayMs = options.reconnect?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  }

  get connected(): boolean {
    return this.client?.isOpen ?? false;
  }

  async exec(path: string, params?: Params, options?: ExecOptions): Promise<ExecResult> {
    const client = await this.obtain(options?.signal, path);
    return client.exec(path, params, options);
  }

  stream(path: string, params?: Params, options?: StreamOptions): RouterOSStream {
    return new DeferredStream(this.obtain(options?.signal, path), (client) => client.stream(path, params, options));
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.closing.abort(new ConnectionClosedError('the managed client is closed'));
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await client?.close();
  }

  /** The open client, connecting first when allowed. */
  private obtain(signal: AbortSignal | undefined, path: string): Promise<RouterOSClient> {
    if (signal?.aborted) return Promise.reject(new AbortError(`${path} was aborted`, { cause: signal.reason }));
    if (this.stopped) return Promise.reject(new ConnectionClosedError('the managed client is closed'));
    if (this.client?.isOpen) return Promise.resolve(this.client);
    const pending = this.connecting ?? this.connectUnlessBackingOff();
    if (!signal) return pending;
    return new Promise((resolve, reject) => {
      const stopListening = onAbort(signal, () => reject(new AbortError(`${path} was aborted`, { cause: signal.reason })));
      pending.then(resolve, reject).finally(stopListening);
    });
  }

  private connectUnlessBackingOff(): Promise<RouterOSClient> {
    const wait = this.retryAt - Date.now();
    if (wait > 0) {
      return Promise.reject(
        new ConnectionClosedError(`not connected to ${this.options.host}; next attempt in ${wait} ms`, { cause: this.lastError }),
      );
    }
    return this.attempt();
  }

  private attempt(): Promise<RouterOSClient> {
    clearTimeout(this.retryTimer);
    const { reconnect: _, signal, ...connectOptions } = this.options;
    const attemptSignal = signal ? AbortSignal.any([signal, this.closing.signal]) : this.closing.signal;
    const attempt = connect({ ...connectOptions, signal: attemptSignal }).then(
      (client) => {
        this.connecting = undefined;
        this.failures = 0;
        this.retryAt = 0;
        if (this.stopped) {
          void client.close();
          throw new ConnectionClosedError('the managed client is closed');
        }
        this.client = client;
        void client.closed.then((cause) => this.onClosed(client, cause));
        return client;
      },
      (error: Error) => {
        this.connecting = undefined;
        this.failures++;
        this.lastError = error;
        const delay = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** (this.failures - 1));
        this.retryAt = Date.now() + delay;
        this.scheduleAttempt(delay);
        throw error;
      },
    );
    this.connecting = attempt;
    return attempt;
  }

  /** Reconnects in the background, so the link is back before the next call needs it. */
  private scheduleAttempt(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.stopped && !this.connecting && !this.client?.isOpen) this.attempt().catch(() => undefined);
    }, delayMs);
    this.retryTimer.unref();
  }

  private onClosed(client: RouterOSClient, cause: Error | undefined): void {
    if (this.client !== client) return;
    this.client = undefined;
    if (this.stopped) return;
    this.lastError = cause;
    this.scheduleAttempt(0);
  }
}

/**
 * A stream whose command starts once the managed client has a connection. Until then `tag`
 * is `''`; a cancel before the start means the command is never sent.
 */
class DeferredStream implements RouterOSStream {
  readonly done: Promise<StreamResult>;
  private inner: RouterOSStream | undefined;
  private cancelled = false;
  private readonly started: Promise<RouterOSStream | undefined>;

  constructor(client: Promise<RouterOSClient>, start: (client: RouterOSClient) => RouterOSStream) {
    this.started = client.then((ready) => {
      if (this.cancelled) return undefined;
      this.inner = start(ready);
      return this.inner;
    });
    this.done = this.started.then((inner) => inner?.done ?? { done: {}, empty: false });
    this.done.catch(() => undefined);
  }

  get tag(): string {
    return this.inner?.tag ?? '';
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
    const inner = await this.started.catch(() => undefined);
    await inner?.cancel();
  }

  [Symbol.asyncIterator](): AsyncIterator<Record<string, string>> {
    let iterator: AsyncIterator<Record<string, string>> | undefined;
    return {
      next: async () => {
        const inner = await this.started;
        if (!inner) return { done: true, value: undefined };
        iterator ??= inner[Symbol.asyncIterator]();
        return iterator.next();
      },
      return: async () => {
        await this.cancel();
        return { done: true, value: undefined };
      },
    };
  }
}

/**
 * A client that connects lazily and keeps reconnecting (with backoff) after drops.
 *
 * @example
 * const router = createManagedClient({ host: '192.0.2.1', username: 'api', password: 'secret' });
 * const { rows } = await router.exec('/ip/hotspot/active/print'); // connects on first use
 */
export function createManagedClient(options: ManagedClientOptions): ManagedClient {
  return new Managed(options);
}
