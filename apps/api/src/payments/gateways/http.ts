/**
 * JSON over HTTP for the gateway clients, on one undici connection pool with connect and read
 * deadlines. Classifies transport failures: a request that certainly never reached the gateway
 * (refused, connect timeout, unknown host) versus one whose fate is unknown.
 */
import { Agent, errors, request, type Dispatcher } from 'undici';
import { GatewayError, type CashOutcome, type ChargeOutcome, type GatewayName, type RefundOutcome } from './gateway.js';

/** Connect and read deadlines, in milliseconds. */
export interface GatewayTimeouts {
  connectMs: number;
  readMs: number;
}

/** An HTTP answer with its JSON body (undefined when the body was empty or not JSON). */
export interface JsonAnswer {
  status: number;
  body: unknown;
}

/** The transport failed; `sent` says whether the request may have reached the gateway. */
export class TransportError extends Error {
  constructor(
    readonly sent: boolean,
    options: { cause: unknown },
  ) {
    super(describe(options.cause), options);
    this.name = 'TransportError';
  }

  /** The gateway took too long to answer (as opposed to cutting the connection). */
  get timedOut(): boolean {
    return this.cause instanceof errors.HeadersTimeoutError || this.cause instanceof errors.BodyTimeoutError;
  }
}

/** One keep-alive pool per process, shared by every gateway client. */
export function createGatewayAgent(timeouts: GatewayTimeouts): Agent {
  return new Agent({
    connect: { timeout: timeouts.connectMs },
    headersTimeout: timeouts.readMs,
    bodyTimeout: timeouts.readMs,
    keepAliveTimeout: 10_000,
  });
}

/** Sends a request and reads its JSON answer. @throws TransportError */
export async function requestJson(
  dispatcher: Dispatcher,
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: unknown },
): Promise<JsonAnswer> {
  try {
    const response = await request(url, {
      dispatcher,
      method: init.method,
      headers: init.body === undefined ? init.headers : { ...init.headers, 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.body.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.statusCode, body };
  } catch (error) {
    throw new TransportError(!neverSent(error), { cause: error });
  }
}

/** Errors that prove the request never left: the connection was never made. */
function neverSent(error: unknown): boolean {
  if (error instanceof errors.ConnectTimeoutError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}

function describe(error: unknown): string {
  if (error instanceof errors.ConnectTimeoutError) return 'connect timeout';
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError) return 'read timeout';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : String((error as Error | null)?.message ?? error);
}

/** Reads a field of an unknown JSON value without trusting its shape. */
export function pick(value: unknown, ...path: Array<string | number>): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** A charge whose request failed in transport: certainly not charged only if it never left. */
export function outcomeOfTransportError(error: unknown): ChargeOutcome {
  if (!(error instanceof TransportError)) throw error;
  if (!error.sent) return { kind: 'failed', reason: `gateway unreachable (${error.message})` };
  return { kind: 'unknown', chargeId: undefined, reason: error.message, cause: error.timedOut ? 'timeout' : 'error' };
}

/**
 * Statuses other than success and decline: a 4xx means the gateway refused the request, so nothing
 * was charged. @param code the gateway's error code, when it gave one.
 */
export function classifyStatus(status: number, reason: string, code?: string): ChargeOutcome {
  if (status >= 400 && status < 500 && status !== 408 && status !== 409)
    return { kind: 'failed', reason: `${status}: ${reason}`, status, code };
  return { kind: 'unknown', chargeId: undefined, reason: `${status}: ${reason}`, cause: status === 408 ? 'timeout' : 'error' };
}

/** A GET for a look-up: answers 200 or 404, anything else is a GatewayError (ask again later). */
export async function readForLookup(
  gateway: GatewayName,
  dispatcher: Dispatcher,
  url: string,
  headers: Record<string, string>,
): Promise<JsonAnswer> {
  let answer: JsonAnswer;
  try {
    answer = await requestJson(dispatcher, url, { method: 'GET', headers });
  } catch (error) {
    if (error instanceof TransportError) throw new GatewayError(gateway, error.message, undefined, { cause: error });
    throw error;
  }
  if (answer.status !== 200 && answer.status !== 404) throw new GatewayError(gateway, `answered ${answer.status}`, answer.status);
  return answer;
}

/** A charge outcome that is not an approval, as the outcome of issuing a cash reference (the look-up goes by our reference). */
export function cashFailure(outcome: ChargeOutcome): CashOutcome {
  if (outcome.kind === 'failed') return { kind: 'failed', reason: outcome.reason };
  return { kind: 'unknown', reason: outcome.kind === 'approved' ? 'approved' : outcome.reason };
}

/** A refund request that did not succeed, classified like a charge's: a 4xx or a request never sent refunded nothing. */
export function refundFailure(outcome: ChargeOutcome): RefundOutcome {
  if (outcome.kind === 'failed') return { kind: 'failed', reason: outcome.reason };
  return { kind: 'unknown', reason: outcome.kind === 'approved' ? 'unexpected answer' : outcome.reason };
}
