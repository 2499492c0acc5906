/** Turns a router connection or command failure into a sentence an operator can act on. */
import { AbortError, ConnectionClosedError, FatalError, LoginError, TimeoutError, TrapError } from '@hotspot/routeros';
import { RouterDestinationDeniedError } from './destination.js';
import type { RouterTarget } from './target.js';

const TLS_CODES = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** The innermost cause with an errno-style code, if any (connect errors arrive wrapped). */
function systemCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

export function describeRouterError(err: unknown, target: Pick<RouterTarget, 'host' | 'port'>, timeoutMs: number): string {
  const where = `${target.host}:${target.port}`;
  const inner = err instanceof ConnectionClosedError && err.cause ? err.cause : err;
  if (inner instanceof RouterDestinationDeniedError) {
    return `Dirección no permitida para un router: ${inner.host} (${inner.address}) está en una red denegada`;
  }
  // The service aborts router work only when its deadline passes.
  if (inner instanceof TimeoutError || inner instanceof AbortError) return `Tiempo de espera agotado (${timeoutMs} ms) con ${where}`;
  if (inner instanceof LoginError) return `Usuario o contraseña incorrectos en ${where}`;
  if (inner instanceof TrapError) return `El router rechazó el comando: ${inner.message}`;
  if (inner instanceof FatalError) return `El router cerró la sesión: ${inner.reason}`;
  const code = systemCode(inner);
  if (code === 'ECONNREFUSED') return `Conexión rechazada por ${where} (¿puerto de la API habilitado?)`;
  if (code === 'ETIMEDOUT') return `Tiempo de espera agotado (${timeoutMs} ms) con ${where}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `No se pudo resolver el host ${target.host}`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `Host inalcanzable: ${where}`;
  if (code === 'ECONNRESET' || code === 'EPIPE') return `La conexión con ${where} se cortó`;
  if (code && TLS_CODES.test(code)) return `Fallo TLS con ${where}: ${(inner as Error).message}`;
  if (inner instanceof Error && /tls|ssl|certificate|handshake/i.test(inner.message)) return `Fallo TLS con ${where}: ${inner.message}`;
  return `Error de conexión con ${where}: ${inner instanceof Error ? inner.message : String(inner)}`;
}
