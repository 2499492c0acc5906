/**
 * What counts as a router failure: the router refused, could not be reached, or answered outside
 * its documented shape. Callers answer for these (retry, 502/503, reconcile later); any other error
 * is a bug and propagates.
 */
import { RouterOSError } from '@hotspot/routeros';
import { RouterPoolClosedError } from './pool.js';

/** The router answered, but not as documented. */
export class UnexpectedRouterReplyError extends Error {
  constructor(
    readonly command: string,
    readonly detail: string,
  ) {
    super(`${command}: ${detail}`);
    this.name = 'UnexpectedRouterReplyError';
  }
}

/** A failure of the router or of the way to it, as opposed to a bug. */
export function isRouterFailure(error: unknown): boolean {
  return error instanceof RouterOSError || error instanceof RouterPoolClosedError || error instanceof UnexpectedRouterReplyError;
}
