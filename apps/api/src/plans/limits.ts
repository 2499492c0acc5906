/**
 * A plan's limits (issue 13): `limite_tiempo` (total connected time → the user's `limit-uptime`),
 * `limite_datos_mb` (total data → `limit-bytes-total`, MB = 1,048,576 bytes) and `vigencia`
 * (wall-clock validity the service enforces) counted from `vigencia_desde` (`compra` or
 * `primer_login`). They combine ("3 h of use within 7 days"); a plan without them sells as before.
 * The API speaks the legacy names; the columns are `time_limit`, `data_limit_mb`, `validity`, `validity_start`.
 */
import type { ValidityStart } from '../db/schema.js';
import { DurationError, formatDuration, parsePlanDuration } from './duration.js';

/** Bytes in one MB of `limite_datos_mb`. */
export const BYTES_PER_MB = 1_048_576;
/** The largest `limite_datos_mb`: 10 TB. */
export const MAX_DATA_MB = 10_000_000;

/** Limits as stored on a plan and copied onto each sale; durations in RouterOS's compact form. */
export interface PlanLimits {
  time_limit: string | null;
  data_limit_mb: number | null;
  validity: string | null;
  validity_start: ValidityStart | null;
}

/** The limits as the API names them. */
export interface PlanLimitsInput {
  limite_tiempo?: string | null;
  limite_datos_mb?: number | null;
  vigencia?: string | null;
  vigencia_desde?: ApiValidityStart | null;
}

export type ApiValidityStart = 'compra' | 'primer_login';

export const VALIDITY_START_NAMES: Record<ValidityStart, ApiValidityStart> = { purchase: 'compra', first_login: 'primer_login' };
const VALIDITY_STARTS: Record<ApiValidityStart, ValidityStart> = { compra: 'purchase', primer_login: 'first_login' };

/** Limits that make no plan together; `field` names the API field to fix. */
export class PlanLimitError extends Error {
  constructor(
    readonly field: keyof PlanLimitsInput,
    message: string,
  ) {
    super(message);
    this.name = 'PlanLimitError';
  }
}

/** A limit the client got wrong: a bad duration or a bad combination (the routes answer 422 with its message). */
export function isPlanLimitError(error: unknown): error is PlanLimitError | DurationError {
  return error instanceof PlanLimitError || error instanceof DurationError;
}

/** A plan's limits as the API shows them. */
export function planLimitsView(limits: PlanLimits) {
  return {
    limite_tiempo: limits.time_limit,
    limite_datos_mb: limits.data_limit_mb,
    vigencia: limits.validity,
    vigencia_desde: limits.validity_start === null ? null : VALIDITY_START_NAMES[limits.validity_start],
  };
}

/**
 * Checks and normalises limits given through the API: durations parsed strictly and stored compact
 * (`01:30:00` → `1h30m`), data a whole number of MB in range, `vigencia_desde` defaulting to
 * `compra` and meaningless without `vigencia`. @throws DurationError, PlanLimitError
 */
export function planLimits(input: PlanLimitsInput): PlanLimits {
  const duration = (field: 'limite_tiempo' | 'vigencia') => {
    const text = input[field];
    return text === undefined || text === null ? null : formatDuration(parsePlanDuration(field, text));
  };
  const mb = input.limite_datos_mb ?? null;
  if (mb !== null && (!Number.isInteger(mb) || mb < 1 || mb > MAX_DATA_MB)) {
    throw new PlanLimitError('limite_datos_mb', `limite_datos_mb debe ser un número entero de MB entre 1 y ${MAX_DATA_MB}`);
  }
  const validity = duration('vigencia');
  const start = input.vigencia_desde ?? null;
  if (validity === null && start !== null) throw new PlanLimitError('vigencia_desde', 'vigencia_desde necesita una vigencia');
  if (start !== null && !(start in VALIDITY_STARTS)) {
    throw new PlanLimitError('vigencia_desde', 'vigencia_desde debe ser "compra" o "primer_login"');
  }
  return {
    time_limit: duration('limite_tiempo'),
    data_limit_mb: mb,
    validity,
    validity_start: validity === null ? null : VALIDITY_STARTS[start ?? 'compra'],
  };
}

/** The limits RouterOS enforces itself, as `/ip/hotspot/user/add` arguments. */
export function routerLimitParams(limits: PlanLimits): { 'limit-uptime'?: string; 'limit-bytes-total'?: string } {
  return {
    ...(limits.time_limit === null ? {} : { 'limit-uptime': limits.time_limit }),
    ...(limits.data_limit_mb === null ? {} : { 'limit-bytes-total': String(limits.data_limit_mb * BYTES_PER_MB) }),
  };
}

/** A stored time limit in seconds, for comparing with a router's counters. */
export function limitSeconds(text: string | null): number | null {
  return text === null ? null : parsePlanDuration('limite_tiempo', text);
}

/**
 * What a sale records of its plan's limits at `soldAt`: the limits, the validity in seconds and,
 * for validity from the purchase, when it ends.
 */
export function saleLimits(limits: PlanLimits, soldAt: Date | null) {
  const validitySeconds = limits.validity === null ? null : parsePlanDuration('vigencia', limits.validity);
  return {
    time_limit: limits.time_limit,
    data_limit_mb: limits.data_limit_mb,
    validity: limits.validity,
    validity_start: limits.validity_start,
    validity_seconds: validitySeconds,
    expires_at:
      soldAt !== null && validitySeconds !== null && limits.validity_start === 'purchase'
        ? new Date(soldAt.getTime() + validitySeconds * 1000)
        : null,
  };
}
