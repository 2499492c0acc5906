/**
 * The public shapes of the client: options, results, the client and its streams.
 */
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import type { Params } from './params.js';
import type { TextEncodingName } from './text-codec.js';

/** One sentence on the wire, for the {@link ConnectOptions.onWire} debugging hook. */
export interface WireEvent {
  /** `out` for a sentence the client sent, `in` for one it received. */
  direction: 'in' | 'out';
  /** The raw words; the values of `=password=` and `=response=` words are replaced by `********`. */
  words: Buffer[];
  /** The sentence's tag, when it has one. */
  tag?: string;
}

/** Options of {@link connect}. */
export interface ConnectOptions {
  /** Host name or IP address of the router. */
  host: string;
  /** API port; default 8728, or 8729 with TLS. */
  port?: number;
  /** The RouterOS user to log in as (its group needs the `api` policy). */
  username: string;
  /** Default `''`. Never logged and masked in {@link ConnectOptions.onWire}. */
  password?: string;
  /** `true` for certificate-verified TLS, or Node TLS options (for example `{ ca }` to pin a self-signed CA). */
  tls?: boolean | TlsConnectionOptions;
  /**
   * Connect to a router whose api-ssl service has no certificate (anonymous Diffie-Hellman, TLS 1.2).
   * This is encrypted but UNAUTHENTICATED: anyone on the path can impersonate the router. Implies TLS.
   */
  tlsAnonymousDH?: boolean;
  /** Milliseconds for connect plus login, and the default deadline of each `exec`; default 10000. `0` or `Infinity` means none. */
  timeout?: number;
  /** How values are encoded on the wire; default `'utf8'`. `'latin1'` round-trips any byte. */
  encoding?: TextEncodingName;
  /** Aborts the connect and login. */
  signal?: AbortSignal;
  /** TCP keepalive: `true` (default, 30 s), `false`, or the initial delay in ms. */
  keepalive?: boolean | number;
  /** Debugging hook called for every sentence in and out. Exceptions it throws become process warnings. */
  onWire?: (event: WireEvent) => void;
}

/** Per-command options of {@link RouterOSClient.exec}. */
export interface ExecOptions {
  /** Aborting sends `/cancel` for the command and rejects it with `AbortError`. */
  signal?: AbortSignal;
  /** Deadline in ms (default: the connection's `timeout`; `0` or `Infinity` for none). Passing it sends `/cancel` and rejects with `TimeoutError`. */
  timeout?: number;
}

/** Per-stream options of {@link RouterOSClient.stream}. */
export interface StreamOptions {
  /** Aborting sends `/cancel` for the command and ends the stream with `AbortError`. */
  signal?: AbortSignal;
}

/** The outcome of a command. */
export interface ExecResult {
  /** One object per `!re` row, values decoded with the connection's encoding. */
  rows: Record<string, string>[];
  /** The attributes of `!done`, for example `done.ret` (the new `.id`) after an `add`. */
  done: Record<string, string>;
  /** `true` when the router answered `!empty` (RouterOS 7.18+ for a command with nothing to return). */
  empty: boolean;
}

/** How a stream ended. */
export interface StreamResult {
  /** The attributes of the command's `!done`. */
  done: Record<string, string>;
  /** `true` when the router answered `!empty`. */
  empty: boolean;
}

/**
 * Rows of a long-running command (`listen`, `print =follow=`, …) as an async iterable.
 * Leaving a `for await` loop early cancels the command. While the consumer lags, the connection
 * stops reading from the socket, so memory stays bounded.
 */
export interface RouterOSStream extends AsyncIterable<Record<string, string>> {
  /** The command's tag on the connection. */
  readonly tag: string;
  /** Sends `/cancel =tag=…`; resolves once the command has ended (its `!done`, or the connection's end). */
  cancel(): Promise<void>;
  /** Resolves when the command ends normally or after a cancel; rejects as `exec` would. */
  readonly done: Promise<StreamResult>;
}

/** One logged-in API session. Any number of commands may run at once. */
export interface RouterOSClient {
  /** Runs a command and collects its reply. Rejects with `TrapError`, `TimeoutError`, `AbortError`, `ConnectionClosedError`, … */
  exec(path: string, params?: Params, options?: ExecOptions): Promise<ExecResult>;
  /** Starts a command whose rows are consumed as they arrive. Never throws: a bad path or params end the stream with the `TypeError` `exec` rejects with. */
  stream(path: string, params?: Params, options?: StreamOptions): RouterOSStream;
  /** Ends the session; pending commands reject with `ConnectionClosedError`. */
  close(): Promise<void>;
  /** Resolves (never rejects) when the connection has ended: with the cause, or `undefined` after `close()`. */
  readonly closed: Promise<Error | undefined>;
  /** `true` until the connection starts closing. */
  readonly isOpen: boolean;
}
