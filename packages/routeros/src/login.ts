/**
 * Login: the plain form first (RouterOS 6.43+), then the MD5 challenge when the router's
 * `!done` carries `=ret=` (before 6.43). Works on any command runner, so it needs no socket.
 */
import { createHash } from 'node:crypto';
import { LoginError, TrapError } from './errors.js';
import type { ExecResult } from './types.js';
import type { TextCodec } from './text-codec.js';

/** Runs one command; the client's `exec`. */
export type RunCommand = (path: string, params: Record<string, string>) => Promise<ExecResult>;

/**
 * The answer to a pre-6.43 login challenge: `00` followed by the hex MD5 of
 * a zero byte, the password bytes and the challenge bytes.
 */
export function challengeResponse(password: Uint8Array, challengeHex: string): string {
  if (!/^[0-9a-fA-F]{32}$/.test(challengeHex)) {
    throw new LoginError(`the router's login challenge is not 32 hex digits`);
  }
  const digest = createHash('md5')
    .update(Buffer.from([0]))
    .update(password)
    .update(Buffer.from(challengeHex, 'hex'))
    .digest('hex');
  return `00${digest}`;
}

/** Logs in on a fresh connection; rejects with `LoginError` (the router's message) when refused. */
export async function login(run: RunCommand, username: string, password: string, codec: TextCodec): Promise<void> {
  try {
    const plain = await run('/login', { name: username, password });
    const challenge = plain.done.ret;
    if (challenge === undefined) return;
    await run('/login', { name: username, response: challengeResponse(codec.encode(password), challenge) });
  } catch (error) {
    if (error instanceof TrapError) throw new LoginError(error.message, error.category);
    throw error;
  }
}
