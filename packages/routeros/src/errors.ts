/**
 * Every error the library raises is one of these classes, so callers branch on
 * `instanceof` and read fields instead of matching message strings.
 */

/** Base class of every error raised by `@hotspot/routeros`. */
export class RouterOSError extends Error {
  override name = 'RouterOSError';
}

/** The bytes from the peer do not follow the RouterOS API framing. The connection is unusable. */
export class ProtocolError extends RouterOSError {
  override name = 'ProtocolError';
}

/** One `!trap` sentence of a reply. */
export interface Trap {
  /** The router's `=message=` text. */
  message: string;
  /** The `=category=` number (0..7), or `undefined` when the router sent none. */
  category: number | undefined;
  /** Every attribute of the trap sentence, `message` and `category` included. */
  attributes: Record<string, string>;
}

/**
 * The router answered a command with one or more `!trap` sentences.
 * `message` and `category` are the first trap's; `traps` holds all of them.
 */
export class TrapError extends RouterOSError {
  override name = 'TrapError';
  readonly category: number | undefined;
  readonly traps: readonly Trap[];
  /** The command path that trapped, e.g. `/ip/hotspot/user/add`. */
  readonly command: string;

  constructor(command: string, traps: readonly Trap[]) {
    const first = traps[0];
    super(first ? first.message : 'trap without message');
    this.command = command;
    this.traps = traps;
    this.category = first?.category;
  }
}

/** The router sent `!fatal` and closes the connection. `reason` is its bare reason word. */
export class FatalError extends RouterOSError {
  override name = 'FatalError';
  constructor(readonly reason: string) {
    super(`router closed the session: ${reason}`);
  }
}

/** The connection closed (or was never open) while a command was pending or being sent. */
export class ConnectionClosedError extends RouterOSError {
  override name = 'ConnectionClosedError';
  constructor(message = 'connection closed', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A connect, login or command did not finish within its deadline. */
export class TimeoutError extends RouterOSError {
  override name = 'TimeoutError';
  constructor(
    message: string,
    readonly timeoutMs: number,
  ) {
    super(message);
  }
}

/** An `AbortSignal` given by the caller was aborted. `cause` holds the signal's reason. */
export class AbortError extends RouterOSError {
  override name = 'AbortError';
  constructor(message = 'the operation was aborted', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The router refused the login. `message` is the router's own text. */
export class LoginError extends RouterOSError {
  override name = 'LoginError';
  constructor(
    message: string,
    readonly category?: number,
  ) {
    super(message);
  }
}

/**
 * A reply sentence began with a word the library does not know (not `!re`, `!done`,
 * `!trap`, `!fatal` or `!empty`). It fails the command it was tagged for; the connection stays up.
 */
export class UnknownReplyError extends RouterOSError {
  override name = 'UnknownReplyError';
  constructor(readonly replyWord: string) {
    super(`unknown reply word ${JSON.stringify(replyWord)}`);
  }
}
