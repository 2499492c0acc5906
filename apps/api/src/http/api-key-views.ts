/** A router's API keys as the super admin's routes show them (never their values), with the old service's fields. */
import type { ApiKeyRow, RouterRow } from '../db/routers.js';
import type { ApiKeyInfoView, ApiKeyStatusView, ApiKeyView } from './schemas.js';

const DAY_MS = 86_400_000;
/** A key with fewer days left than this gets the old service's warning. */
const EXPIRY_WARNING_DAYS = 30;

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function apiKeyInfoView(k: ApiKeyRow): ApiKeyInfoView {
  return { key_id: k.key_id, issued_at: k.issued_at.toISOString(), expires_at: k.expires_at.toISOString(), type: 'router_api_key' };
}

/** `activa`, `revocada` or `expirada` at `now`. */
export function apiKeyState(k: ApiKeyRow, now: Date): 'activa' | 'revocada' | 'expirada' {
  if (k.revoked_at !== null) return 'revocada';
  return k.expires_at > now ? 'activa' : 'expirada';
}

export function apiKeyView(k: ApiKeyRow, router: RouterRow, now: Date): ApiKeyView {
  return {
    key_id: k.key_id,
    router_id: router.id,
    empresa_id: router.empresa_id,
    issued_at: k.issued_at.toISOString(),
    expires_at: k.expires_at.toISOString(),
    revoked: k.revoked_at !== null,
    revoked_at: iso(k.revoked_at),
    last_used: iso(k.last_used_at),
    use_count: k.use_count,
    last_used_at: iso(k.last_used_at),
    estado: apiKeyState(k, now),
  };
}

/** The router's working key (if any) and the old service's advice about it. */
export function apiKeyStatusView(router: RouterRow, keys: ApiKeyRow[], now: Date): ApiKeyStatusView {
  const live = keys.find((k) => apiKeyState(k, now) === 'activa');
  if (!live) {
    return {
      router_id: router.id,
      has_active_key: false,
      key_id: null,
      issued_at: null,
      expires_at: null,
      expires_in_days: null,
      last_used: null,
      use_count: null,
      status: 'no_key',
      warning: null,
      recommendation: 'Generar una nueva API Key',
    };
  }
  // Whole days, rounded down (Python's timedelta.days, as the old service counted them).
  const expiresInDays = Math.floor((live.expires_at.getTime() - now.getTime()) / DAY_MS);
  let advice: { warning: string | null; recommendation: string | null } = { warning: null, recommendation: null };
  if (expiresInDays < EXPIRY_WARNING_DAYS) {
    advice = { warning: `La API Key expira en ${expiresInDays} días`, recommendation: 'Considerar regenerar la API Key pronto' };
  }
  if (live.use_count === 0) {
    advice = { warning: 'Esta API Key nunca ha sido usada', recommendation: 'Verificar que el cliente la esté usando correctamente' };
  }
  return {
    router_id: router.id,
    has_active_key: true,
    key_id: live.key_id,
    issued_at: live.issued_at.toISOString(),
    expires_at: live.expires_at.toISOString(),
    expires_in_days: expiresInDays,
    last_used: iso(live.last_used_at),
    use_count: live.use_count,
    status: 'active',
    ...advice,
  };
}
