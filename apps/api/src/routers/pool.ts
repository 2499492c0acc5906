/**
 * THE router pool: one managed `@hotspot/routeros` connection per router, shared by every request
 * (commands multiplex over it through tags). A connection opens on first use, closes after
 * `idleMs` without commands, is replaced when the router's host, port, user, password or TLS
 * settings change, and all close on shutdown. While a router is unreachable the managed client
 * rejects at once during its back-off, so requests fail fast instead of piling up.
 */
import { createHash } from 'node:crypto';
import { createManagedClient, type ExecResult, type ManagedClient, type Params, type RouterOSStream } from '@hotspot/routeros';
import { RouterDestinations } from './destination.js';
import { connectOptions, type RouterTarget } from './target.js';

/** The pool was closed (the service is shutting down). */
export class RouterPoolClosedError extends Error {
  constructor() {
    super('the router pool is closed');
    this.name = 'RouterPoolClosedError';
  }
}

export interface RouterPoolOptions {
  /** Deadline of connect + login and of each command. */
  timeoutMs: number;
  /** Close a connection unused for this long. */
  idleMs: number;
  /** Back-off between reconnect attempts to an unreachable router. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  /** Creates the managed clients (tests count or replace them). */
  createClient?: typeof createManagedClient;
  /** Where connections may go; by default everything but the always-denied addresses. */
  destinations?: RouterDestinations;
}

interface Entry {
  fingerprint: string;
  /** Settles once the host is resolved and checked (rejects when it is denied or does not resolve). */
  client: Promise<ManagedClient>;
  inFlight: number;
  idleTimer: NodeJS.Timeout | undefined;
  /** Replaced or evicted: close as soon as its last command settles. */
  retired: boolean;
}

export class RouterPool {
  private readonly entries = new Map<string, Entry>();
  private readonly closing = new Set<Promise<void>>();
  private closed = false;
  private readonly createClient: typeof createManagedClient;
  /** Where connections may go; test-connection's fresh connections check the same rules. */
  readonly destinations: RouterDestinations;

  constructor(private readonly options: RouterPoolOptions) {
    this.createClient = options.createClient ?? createManagedClient;
    this.destinations = options.destinations ?? new RouterDestinations();
  }

  /** Routers with a pooled connection right now. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Runs one command on the router, through its shared connection.
   * @param options.timeout per-command deadline; defaults to the pool's timeout.
   */
  async exec(
    target: RouterTarget,
    path: string,
    params?: Params,
    options: { signal?: AbortSignal; timeout?: number } = {},
  ): Promise<ExecResult> {
    const entry = this.acquire(target);
    try {
      return await (await entry.client).exec(path, params, { timeout: this.options.timeoutMs, ...options });
    } finally {
      this.release(target.id, entry);
    }
  }

  /**
   * Starts a long-running command (`listen`) on the router's shared connection. The connection
   * stays open, whatever `idleMs` says, until the stream ends (cancelled, or the link dropped).
   */
  async stream(target: RouterTarget, path: string, params?: Params): Promise<RouterOSStream> {
    const entry = this.acquire(target);
    const release = () => this.release(target.id, entry);
    let stream: RouterOSStream;
    try {
      stream = (await entry.client).stream(path, params);
    } catch (error) {
      release();
      throw error;
    }
    stream.done.then(release, release);
    return stream;
  }

  /** Closes the router's connection (e.g. the router was deactivated or deleted). */
  async evict(routerId: string): Promise<void> {
    const entry = this.entries.get(routerId);
    if (!entry) return;
    this.entries.delete(routerId);
    await this.retire(entry);
  }

  /** Closes every connection; later calls to exec reject with RouterPoolClosedError. */
  async close(): Promise<void> {
    this.closed = true;
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map((entry) => this.closeEntry(entry)));
    await Promise.all([...this.closing]);
  }

  private acquire(target: RouterTarget): Entry {
    if (this.closed) throw new RouterPoolClosedError();
    const fingerprint = fingerprintOf(target);
    let entry = this.entries.get(target.id);
    if (entry && entry.fingerprint !== fingerprint) {
      this.entries.delete(target.id);
      void this.retire(entry);
      entry = undefined;
    }
    if (!entry) {
      const created: Entry = { fingerprint, client: this.open(target), inFlight: 0, idleTimer: undefined, retired: false };
      // A host that is denied or does not resolve is looked at again on the next command, not remembered.
      created.client.catch(() => {
        if (this.entries.get(target.id) === created) this.entries.delete(target.id);
      });
      this.entries.set(target.id, created);
      entry = created;
    }
    clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
    entry.inFlight++;
    return entry;
  }

  /** The router's managed client, connected to the address its host was checked to be. */
  private async open(target: RouterTarget): Promise<ManagedClient> {
    const address = await this.destinations.addressOf(target.host);
    return this.createClient({ ...connectOptions(target, this.options.timeoutMs, address), reconnect: this.options.reconnect });
  }

  private release(routerId: string, entry: Entry): void {
    entry.inFlight--;
    if (entry.inFlight > 0) return;
    if (entry.retired) {
      void this.closeEntry(entry);
      return;
    }
    if (this.closed) return;
    entry.idleTimer = setTimeout(() => {
      if (this.entries.get(routerId) === entry && entry.inFlight === 0) {
        this.entries.delete(routerId);
        void this.closeEntry(entry);
      }
    }, this.options.idleMs);
    entry.idleTimer.unref();
  }

  /** Lets in-flight commands finish on the old connection, then closes it. */
  private async retire(entry: Entry): Promise<void> {
    entry.retired = true;
    if (entry.inFlight === 0) await this.closeEntry(entry);
  }

  private closeEntry(entry: Entry): Promise<void> {
    clearTimeout(entry.idleTimer);
    // close() never throws for our purposes: a connection that failed is already gone.
    const closing = entry.client.then((client) => client.close()).catch(() => undefined);
    this.closing.add(closing);
    return closing.finally(() => this.closing.delete(closing));
  }
}

/** Fingerprints by target: a caller keeps one target (never changed; routerTarget builds a new one) for many commands. */
const fingerprints = new WeakMap<RouterTarget, string>();

/** Identifies the connection settings without keeping the password readable in the key. */
function fingerprintOf(target: RouterTarget): string {
  let fingerprint = fingerprints.get(target);
  if (fingerprint === undefined) {
    fingerprint = createHash('sha256')
      .update(JSON.stringify([target.host, target.port, target.username, target.password, target.tls, target.tlsMode, target.tlsCaPem]))
      .digest('hex');
    fingerprints.set(target, fingerprint);
  }
  return fingerprint;
}
