/**
 * How every entry point ends on a failure: one readable line for what the operator can fix (a bad
 * configuration or argument, a port already taken), the stack for anything else, and exit status 1.
 */
import { ConfigError } from '../config.js';

/** A command-line argument is not understood. */
export class UsageError extends Error {
  constructor(
    readonly usage: string,
    readonly argument: string,
  ) {
    super(`usage: ${usage}   (got ${JSON.stringify(argument)})`);
    this.name = 'UsageError';
  }
}

/** An error class whose message alone tells the operator what to fix. */
type ReadableError = abstract new (...args: never[]) => Error;

/** The message to print for an entry point's failure; `readable` adds an entry point's own operator errors. */
export function failureMessage(error: unknown, readable: readonly ReadableError[] = []): string {
  const listenError = error as (NodeJS.ErrnoException & { address?: string; port?: number }) | undefined;
  if (listenError?.code === 'EADDRINUSE') {
    return `PORT ${listenError.port} is already in use${listenError.address ? ` on ${listenError.address}` : ''}: stop what listens there, or set PORT to a free port`;
  }
  if ([ConfigError, UsageError, ...readable].some((type) => error instanceof type)) return (error as Error).message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Runs an entry point's `main`; a failure is printed and exits 1 (open handles would otherwise keep the process up). */
export function runEntry(main: () => Promise<void>, readable: readonly ReadableError[] = []): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${failureMessage(error, readable)}\n`);
    process.exit(1);
  });
}
