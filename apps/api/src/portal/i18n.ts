/** The portal page's words: Spanish by default, English when the browser prefers it. */
export type Lang = 'es' | 'en';

/** The first of `es` / `en` in Accept-Language order (q-values respected); Spanish otherwise. */
export function langFrom(acceptLanguage: string | undefined, override?: string): Lang {
  if (override === 'es' || override === 'en') return override;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.split('-')[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const first = ranked.find((entry) => entry.lang === 'es' || entry.lang === 'en');
  return first?.lang === 'en' ? 'en' : 'es';
}

const es = {
  title: 'Conéctate a internet',
  choosePlan: 'Elige tu plan',
  featured: 'Recomendado',
  yourDetails: 'Tus datos',
  name: 'Nombre',
  email: 'Correo electrónico',
  phone: 'Teléfono (opcional)',
  card: 'Tarjeta',
  cardName: 'Nombre en la tarjeta',
  cardNumber: 'Número de tarjeta',
  expMonth: 'Mes (MM)',
  expYear: 'Año (AAAA)',
  cvc: 'CVC',
  pay: 'Pagar',
  change: 'Cambiar plan',
  secure: 'Pago seguro: los datos de tu tarjeta van directo a la pasarela de pago, nunca a este sitio.',
  processing: 'Procesando tu pago…',
  pending: 'Tu pago está en revisión. Esta página se actualizará sola; no la cierres.',
  paid: '¡Pago aprobado!',
  user: 'Usuario',
  password: 'Contraseña',
  copy: 'Copiar',
  copied: 'Copiado',
  receipt: 'Código de recibo (guárdalo para recuperar tu acceso)',
  connectNow: 'Conectarme ahora',
  connecting: 'Conectando tu dispositivo…',
  connected: 'Tu dispositivo ya está conectado.',
  declined: 'Pago rechazado',
  tryAgain: 'Revisa los datos o usa otra tarjeta e inténtalo de nuevo.',
  failed: 'No se pudo completar la compra; no se hizo ningún cargo. Inténtalo de nuevo.',
  alreadyPaid: '¿Ya pagaste? Recupera tu acceso',
  byReceipt: 'Con tu código de recibo',
  byCard: 'O con tu correo y los últimos 4 dígitos de la tarjeta',
  last4: 'Últimos 4 dígitos',
  recover: 'Recuperar',
  notFound: 'No encontramos una compra pagada con esos datos.',
  tooMany: 'Demasiados intentos; espera un momento y vuelve a intentarlo.',
  network: 'Sin conexión con el servidor; inténtalo de nuevo.',
  noPlans: 'No hay planes a la venta en este momento.',
  routerError: 'El router dice',
  required: 'Completa los campos marcados.',
  cardInvalid: 'Revisa los datos de la tarjeta',
  expired: 'La referencia venció sin pago. Puedes elegir un plan y generar otra.',
  orCash: '¿Sin tarjeta?',
  payCash: 'Pagar en efectivo en tienda (OXXO)',
  cashTitle: 'Paga en efectivo en tienda',
  cashHow:
    'Di en caja que es un pago de servicio, da esta referencia y paga el monto exacto. Al confirmarse el pago verás aquí tu usuario y contraseña.',
  reference: 'Referencia de pago',
  amount: 'Monto a pagar',
  payBefore: 'Paga antes de',
  voucher: 'Ver ficha de pago con código de barras',
  cashWaiting: 'Esperando tu pago; esta página se actualiza sola.',
};

export type Texts = typeof es;

const en: Texts = {
  title: 'Get online',
  choosePlan: 'Choose your plan',
  featured: 'Recommended',
  yourDetails: 'Your details',
  name: 'Name',
  email: 'E-mail',
  phone: 'Phone (optional)',
  card: 'Card',
  cardName: 'Name on card',
  cardNumber: 'Card number',
  expMonth: 'Month (MM)',
  expYear: 'Year (YYYY)',
  cvc: 'CVC',
  pay: 'Pay',
  change: 'Change plan',
  secure: 'Secure payment: your card details go straight to the payment gateway, never to this site.',
  processing: 'Processing your payment…',
  pending: 'Your payment is being reviewed. This page updates by itself; keep it open.',
  paid: 'Payment approved!',
  user: 'Username',
  password: 'Password',
  copy: 'Copy',
  copied: 'Copied',
  receipt: 'Receipt code (keep it to recover your access)',
  connectNow: 'Connect me now',
  connecting: 'Connecting your device…',
  connected: 'Your device is connected.',
  declined: 'Payment declined',
  tryAgain: 'Check the details or use another card and try again.',
  failed: 'The purchase could not be completed; nothing was charged. Please try again.',
  alreadyPaid: 'Already paid? Recover your access',
  byReceipt: 'With your receipt code',
  byCard: 'Or with your e-mail and the last 4 digits of the card',
  last4: 'Last 4 digits',
  recover: 'Recover',
  notFound: 'We found no paid purchase with those details.',
  tooMany: 'Too many attempts; wait a moment and try again.',
  network: 'The server could not be reached; please try again.',
  noPlans: 'No plans are on sale right now.',
  routerError: 'The router says',
  required: 'Fill in the highlighted fields.',
  cardInvalid: 'Check the card details',
  expired: 'The reference expired unpaid. Choose a plan to get a new one.',
  orCash: 'No card?',
  payCash: 'Pay cash at a store (OXXO)',
  cashTitle: 'Pay cash at a store',
  cashHow:
    'Tell the cashier it is a service payment, give this reference and pay the exact amount. Once the payment is confirmed your username and password appear here.',
  reference: 'Payment reference',
  amount: 'Amount to pay',
  payBefore: 'Pay before',
  voucher: 'See the payment slip with its barcode',
  cashWaiting: 'Waiting for your payment; this page updates by itself.',
};

export const TEXTS: Record<Lang, Texts> = { es, en };
