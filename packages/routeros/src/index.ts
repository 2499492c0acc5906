/**
 * `@hotspot/routeros`: a dependency-free client for the MikroTik RouterOS API.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './text-codec.js';
export * from './sentence-encoder.js';
export * from './sentence-decoder.js';
export type { WordSink } from './text-window.js';
export { parseReply, ReplyParser, type Reply, type ReplyType } from './reply.js';
export { commandWords, type Params, type ParamValue } from './params.js';
export { challengeResponse } from './login.js';
export { connect, DEFAULT_TIMEOUT_MS, DEFAULT_KEEPALIVE_MS } from './connect.js';
export { ANONYMOUS_DH_TLS_OPTIONS, ANONYMOUS_DH_WARNING_CODE, tlsOptionsFor, warnUnauthenticated, type TlsChoice } from './tls.js';
export { MASK, maskSecrets } from './secret-mask.js';
export type * from './types.js';
export { createManagedClient, type ManagedClient, type ManagedClientOptions, type ReconnectOptions } from './managed-client.js';
