/**
 * `Idempotency-Key` on the routes that record one sale attempt (the card purchases and the cash
 * reference): the key's claim chooses the attempt's id before anything leaves the process, and the
 * answer is stored for every retry (src/payments/idempotency.ts holds the rules).
 */
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { TransactionRow } from '../db/transactions.js';
import { type IdempotencyKeys, requestFingerprint } from '../payments/idempotency.js';
import { HttpError } from './errors.js';

/** A route's answer: status code and body. */
/** Sends a keyed answer as it was stored (the route's typed reply cannot know which of its statuses that is). */
export const sendAnswer = (reply: FastifyReply, answer: Answer) => reply.code(answer.statusCode).send(answer.body);

export interface Answer {
  statusCode: number;
  body: unknown;
}

/** What a keyed route does, in the two ways it can answer. */
export interface KeyedRequest {
  /**
   * Runs the request, recording its attempt under `transactionId` (a new id when undefined).
   * `retryable`: it ended with nothing charged or issued, so the key may run again.
   */
  run(transactionId: string | undefined): Promise<{ answer: Answer; retryable: boolean }>;
  /** The answer from an earlier request's transaction, once it says how the attempt ended. */
  answerOf(transaction: TransactionRow): Answer | Promise<Answer>;
}

/** The request's key, if it sent one, and what identifies it: the router it is scoped to and the route and body it asked for. */
export interface KeyedBy {
  key: string | undefined;
  routerId: string;
  route: string;
  body: unknown;
}

/** Answers a request once per key: replays, 409 while the first is running, 422 for another body. */
export async function answerOnce(keys: IdempotencyKeys, by: KeyedBy, request: KeyedRequest): Promise<Answer> {
  if (by.key === undefined) return (await request.run(undefined)).answer;
  const decision = await keys.begin(by.routerId, by.key, requestFingerprint(by.route, by.body));
  switch (decision.kind) {
    case 'mismatch':
      throw new HttpError(422, 'Idempotency-Key ya usada con otra solicitud');
    case 'in-progress':
      throw new HttpError(409, 'Una solicitud con esta Idempotency-Key sigue en curso');
    case 'replay':
      return { statusCode: decision.statusCode, body: decision.body };
    case 'settled': {
      const answer = await request.answerOf(decision.transaction);
      await keys.finish(decision.claim, answer.statusCode, answer.body);
      return answer;
    }
    case 'proceed': {
      let result: Awaited<ReturnType<KeyedRequest['run']>>;
      try {
        result = await request.run(decision.claim.transactionId);
      } catch (error) {
        // After the attempt was recorded the card may have been charged: the key stays with the transaction.
        await keys.releaseIfUnrecorded(decision.claim);
        throw error;
      }
      if (result.retryable) await keys.release(decision.claim);
      else await keys.finish(decision.claim, result.answer.statusCode, result.answer.body);
      return result.answer;
    }
  }
}

/** The `Idempotency-Key` header as the keyed routes document it. */
export const idempotencyKeyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) });
