/**
 * The old service's answers of the hotspot routes the portal calls with its API key
 * (LEGACY-API.md §4.5.6–4.5.8): always 200, the outcome in `estado`, every key present.
 */
import { Type } from 'typebox';
import type { ProfileInfoOutcome } from '../hotspot/profile-info.js';
import type { ReconnectOutcome } from '../hotspot/reconnect.js';
import { naiveUtc } from './legacy-time.js';
import { nullable } from './schemas.js';

const str = Type.String();
const nullableStr = nullable();
const nullableBool = Type.Unsafe<boolean | null>({ type: ['boolean', 'null'] });

const sessionSchema = Type.Object({
  user: str,
  address: nullableStr,
  uptime: nullableStr,
  'bytes-in': Type.Number(),
  'bytes-out': Type.Number(),
});

export const reconnectAnswerSchema = Type.Object({
  success: Type.Boolean(),
  estado: str,
  auto_conexion: Type.Union([Type.Literal('conectado'), Type.Literal('no_conectado')]),
  datos_sesion: Type.Union([sessionSchema, Type.Null()]),
  nueva_mac: str,
  tiempo_acumulado: Type.Null(),
  tiempo_restante: Type.Null(),
  primera_sesion: Type.Null(),
  mensaje: nullableStr,
  error_detalle: nullableStr,
  timestamp: str,
});

/** What the portal sees when it may not learn more: an unknown user and a wrong password answer alike. */
const NOT_FOUND = { estado: 'expirado', mensaje: 'Usuario no encontrado', error_detalle: null };
const ROUTER_DOWN = { estado: 'error', mensaje: 'Error interno del servidor', error_detalle: 'Router no disponible' };

function reconnectResult(outcome: ReconnectOutcome): { success: boolean; estado: string; mensaje: string; error_detalle: string | null } {
  if (outcome.result === 'refused') return { success: false, ...NOT_FOUND };
  if (outcome.result === 'router_unreachable') return { success: false, ...ROUTER_DOWN };
  const login = outcome.login;
  const connected = (mensaje: string) => ({ success: true, estado: 'activo', mensaje, error_detalle: null });
  const failed = (mensaje: string, error_detalle: string) => ({ success: false, estado: 'activo', mensaje, error_detalle });
  switch (login.outcome) {
    case 'logged_in':
      // The old service's name for a login by IP, MAC, user and password.
      return connected('Conexión exitosa (método: ip_mac_user_pass)');
    case 'already_logged_in':
      return connected('El usuario ya estaba conectado previamente');
    case 'no_address':
      return failed('El dispositivo debe estar conectado al hotspot primero', 'No se pudo detectar IP del cliente');
    case 'refused':
      return failed('Login directo falló después de varios intentos. Revisa logs del router.', login.trap);
    case 'unreachable':
      return failed('Error crítico durante la auto-conexión', 'Router no disponible');
  }
}

/** @param mac `current_mac` as the portal sent it (the old `nueva_mac`). */
export function reconnectAnswer(outcome: ReconnectOutcome, mac: string, now: Date) {
  const result = reconnectResult(outcome);
  return {
    ...result,
    auto_conexion: result.success ? ('conectado' as const) : ('no_conectado' as const),
    datos_sesion: outcome.result === 'login' ? outcome.session : null,
    nueva_mac: mac,
    tiempo_acumulado: null,
    tiempo_restante: null,
    primera_sesion: null,
    timestamp: naiveUtc(now),
  };
}

export const profileInfoAnswerSchema = Type.Object({
  success: Type.Boolean(),
  estado: str,
  username: str,
  tipo_usuario: nullableStr,
  profile: nullableStr,
  mac_cookie_timeout: nullableStr,
  mac_authentication: nullableBool,
  disabled: nullableBool,
  comment: nullableStr,
  limit_uptime: nullableStr,
  /** The router's record of the user, never its password. */
  datos_completos: Type.Union([Type.Record(Type.String(), Type.Union([Type.String(), Type.Boolean()])), Type.Null()]),
  mensaje: nullableStr,
  error_detalle: nullableStr,
  timestamp: str,
});

export function profileInfoAnswer(outcome: ProfileInfoOutcome, username: string, now: Date) {
  const empty = {
    username,
    tipo_usuario: null,
    profile: null,
    mac_cookie_timeout: null,
    mac_authentication: null,
    disabled: null,
    comment: null,
    limit_uptime: null,
    datos_completos: null,
    timestamp: naiveUtc(now),
  };
  if (outcome.result === 'refused') {
    return {
      ...empty,
      success: false,
      estado: 'credenciales_invalidas',
      mensaje: 'Credenciales incorrectas o no autorizado',
      error_detalle: 'credenciales_invalidas',
    };
  }
  if (outcome.result === 'router_unreachable') return { ...empty, success: false, ...ROUTER_DOWN };
  const { user, profile } = outcome;
  const record: Record<string, string | boolean> = { '.id': user.id, name: user.name, disabled: user.disabled };
  if (user.profile !== undefined) record.profile = user.profile;
  if (user.comment !== undefined) record.comment = user.comment;
  if (user.limitUptime !== undefined) record['limit-uptime'] = user.limitUptime;
  return {
    ...empty,
    success: true,
    estado: 'ok',
    tipo_usuario: outcome.kind,
    profile: user.profile ?? null,
    mac_cookie_timeout: profile?.macCookieTimeout ?? null,
    mac_authentication: profile?.macAuthentication ?? false,
    disabled: user.disabled,
    comment: user.comment ?? '',
    limit_uptime: user.limitUptime ?? null,
    datos_completos: record,
    mensaje: null,
    error_detalle: null,
  };
}

export const routerCheckAnswerSchema = Type.Object({
  success: Type.Boolean(),
  estado: str,
  mensaje: str,
  error_detalle: nullableStr,
  conexion_ok: Type.Boolean(),
  timestamp: str,
});

export function routerCheckAnswer(reachable: boolean, now: Date) {
  const timestamp = naiveUtc(now);
  if (reachable) {
    return {
      success: true,
      estado: 'activo',
      mensaje: 'Router en línea y responde correctamente',
      error_detalle: null,
      conexion_ok: true,
      timestamp,
    };
  }
  return {
    success: false,
    estado: 'router_inactivo',
    mensaje: 'El router no está en línea (conexión fallida)',
    error_detalle: 'router_inactivo',
    conexion_ok: false,
    timestamp,
  };
}
