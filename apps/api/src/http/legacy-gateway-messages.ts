/**
 * The old service's Spanish messages for a payment that did not go through (LEGACY-API.md §4.5.3,
 * §4.5.4), chosen from what the gateway said: portals show `detail` to the customer as it comes.
 */

/** Conekta `payment_status` of an order that is not paid (answered 200): the old 402 messages. */
const CONEKTA_STATUS_MESSAGES: Record<string, string> = {
  pending: 'El pago está pendiente de confirmación.',
  declined: 'El pago fue declinado. Contacte a su banco.',
  expired: 'El pago expiró. Realice una nueva transacción.',
  canceled: 'El pago fue cancelado.',
  refunded: 'El pago fue reembolsado.',
  chargeback: 'Disputa activa en el pago.',
  pre_authorized: 'Pago pre-autorizado pendiente de captura.',
  partially_paid: 'El pago está parcialmente completado.',
  pending_payment: 'Pendiente de procesamiento de pago.',
  failed: 'El pago falló. Intente nuevamente.',
  voided: 'El pago fue anulado.',
};

/** A Conekta order that came back 200 but not paid. */
export function conektaStatusMessage(paymentStatus: string | undefined): string {
  return CONEKTA_STATUS_MESSAGES[(paymentStatus ?? '').toLowerCase()] ?? 'El pago no fue aprobado.';
}

/**
 * Conekta error messages, first match wins: each is looked for in the error's code (`failure_code`,
 * `details[0].code`), then in its message, as the old service matched them by substring.
 */
const CONEKTA_ERRORS: Array<[RegExp, string]> = [
  [/tokenization\.used|token.*(used|utilizado)/i, 'El token de tarjeta ya fue utilizado. Genere un nuevo token.'],
  [/token.*expir/i, 'Token de tarjeta expirado. Genere un nuevo token.'],
  [/token/i, 'Token de tarjeta inválido. Genere un nuevo token.'],
  [/insufficient|insuficiente/i, 'Fondos insuficientes en la tarjeta.'],
  [/stolen|lost|robada/i, 'Tarjeta reportada como robada.'],
  [/fraud|suspicious|sospechosa/i, 'Actividad sospechosa detectada.'],
  [/expir|vencimiento/i, 'Tarjeta expirada. Use otra tarjeta.'],
  [/not_supported|unsupported|no soportada/i, 'Tarjeta no soportada.'],
  [/cvc|cvv|security_code|código de seguridad/i, 'Código de seguridad (CVV) incorrecto.'],
  [/card.*number|número de (la )?tarjeta/i, 'Número de tarjeta incorrecto.'],
  [/declin/i, 'Tarjeta declinada. Contacte a su banco.'],
  [/card|tarjeta/i, 'Tarjeta inválida. Verifique los datos.'],
  [/amount|monto/i, 'Monto inválido.'],
  [/currency|moneda/i, 'Moneda inválida.'],
  [/email|correo/i, 'Correo electrónico inválido.'],
  [/phone|tel[eé]fono/i, 'Número de teléfono inválido.'],
  [/missing|required/i, 'Falta parámetro requerido.'],
  [/parameter|parámetro/i, 'Parámetro inválido.'],
  [/api_key|private_key/i, 'Clave API inválida.'],
  [/authentication/i, 'Error de autenticación. Contacte al administrador.'],
  [/unauthorized|forbidden/i, 'No autorizado.'],
  [/order.*not_found/i, 'Orden no encontrada.'],
  [/customer.*not_found/i, 'Cliente no encontrado.'],
  [/not_found|resource/i, 'Recurso no encontrado.'],
  [/rate_limit|too_many/i, 'Límite de solicitudes excedido. Espere un momento.'],
  [/quota/i, 'Cuota excedida. Contacte a Conekta.'],
  [/bank|banco/i, 'Error de conexión con el banco.'],
  [/processing|processor/i, 'Error en el procesador de pagos.'],
];

/** Conekta's word on a declined or refused charge, in the old service's Spanish. */
export function conektaErrorMessage(code: string | undefined, reason: string): string {
  for (const text of [code, reason]) {
    if (!text) continue;
    const found = CONEKTA_ERRORS.find(([pattern]) => pattern.test(text));
    if (found) return found[1];
  }
  return 'Error al procesar el pago. Intente nuevamente.';
}

/** Mercado Pago `status_detail` of a rejected payment → the old service's message (emoji included). */
const MERCADO_PAGO_ERRORS: Record<string, string> = {
  cc_rejected_insufficient_amount: '❌ Fondos insuficientes en la tarjeta.',
  cc_rejected_bad_filled_card_number: '❌ Número de tarjeta incorrecto. Verifique los datos.',
  cc_rejected_bad_filled_date: '❌ Fecha de vencimiento incorrecta.',
  cc_rejected_bad_filled_security_code: '❌ Código de seguridad (CVV) incorrecto.',
  cc_rejected_high_risk: '⚠️ Pago rechazado por políticas de seguridad.',
  cc_rejected_card_disabled: '❌ Tarjeta deshabilitada. Contacte a su banco.',
  cc_rejected_blacklist: '❌ No se puede procesar el pago con esta tarjeta.',
  cc_rejected_card_error: '❌ Error al procesar la tarjeta. Intente nuevamente.',
  cc_rejected_duplicated_payment: '⚠️ Este pago ya fue procesado anteriormente.',
  cc_rejected_call_for_authorize: '⚠️ El pago requiere autorización del banco.',
  cc_rejected_max_attempts: '⏰ Máximo de intentos excedido. Espere e intente más tarde.',
  cc_rejected_other_reason: '❌ Tarjeta rechazada. Contacte a su banco.',
  invalid_payment_method: '❌ Método de pago inválido.',
  invalid_token: '❌ Token de pago inválido o expirado.',
  invalid_user: '❌ Información del pagador inválida.',
  invalid_installments: '❌ Número de cuotas no válido para esta tarjeta.',
  pending_contingency: '⏳ El pago está pendiente de confirmación.',
  pending_review_manual: '⏳ El pago está siendo revisado manualmente.',
  pending_waiting_payment: '⏳ Esperando confirmación del pago.',
  authentication_error: '🔐 Error de autenticación con Mercado Pago.',
  invalid_access_token: '🔐 Credenciales de Mercado Pago inválidas.',
};

/** By exact `status_detail`, else the first key that it contains or that contains it; the default otherwise. */
export function mercadoPagoDeclineMessage(statusDetail: string | undefined): string {
  const detail = statusDetail ?? '';
  const key = detail
    ? (Object.keys(MERCADO_PAGO_ERRORS).find((k) => k === detail) ??
      Object.keys(MERCADO_PAGO_ERRORS).find((k) => detail.includes(k) || k.includes(detail)))
    : undefined;
  return key ? (MERCADO_PAGO_ERRORS[key] as string) : '❌ Error al procesar el pago. Intente nuevamente.';
}
