/**
 * The card payment bodies of the old service (LEGACY-API.md §4.5.3, §4.5.4): every field under its
 * documented name and under the pydantic field name (`producto_id` or `product_id`, ...); when both
 * are sent the documented name wins, as pydantic's `populate_by_name` did. The schema lists both
 * names (closed, so nothing else reaches the handler); `readPaymentRequest` picks one and checks
 * what the old models required.
 */
import { type Static, type TSchema, Type } from 'typebox';
import type { UserKind } from '../payments/credentials.js';
import { HttpError } from './errors.js';
import { closedObject, emailInput, nameInput, nullable, rowIdInput } from './schemas.js';

/** Both names of a field: the documented one (pydantic's alias) and the field name. */
const aliased = <S extends TSchema, A extends string, N extends string>(alias: A, name: N, schema: S) =>
  ({ [alias]: Type.Optional(schema), [name]: Type.Optional(schema) }) as { [K in A | N]: ReturnType<typeof Type.Optional<S>> };

/** `usuario_contrasena`, `pin`, or null for the default (one `type` list: coercion would turn null into "" through anyOf). */
const userKindInput = Type.Unsafe<UserKind | null>({ type: ['string', 'null'], enum: ['usuario_contrasena', 'pin', null] });
/** The card token: may be empty here, so that an empty one gets the old 400 rather than a 422. */
const cardTokenInput = Type.String({ maxLength: 500 });

const customerProps = {
  ...aliased('producto_id', 'product_id', rowIdInput),
  ...aliased('nombre_cliente', 'customer_name', nameInput),
  ...aliased('email_cliente', 'customer_email', emailInput),
  ...aliased('telefono_cliente', 'customer_phone', nullable({ maxLength: 30 })),
  ...aliased('tipo_usuario', 'user_type', userKindInput),
  // Validated as a MAC and an IPv4 address after this (portal.ts clientDevice), with a clear 422.
  ...aliased('mac_cliente', 'mac_address', nullable({ maxLength: 64 })),
  ...aliased('ip_cliente', 'ip_address', nullable({ maxLength: 64 })),
  // Accepted and unused, as in the old service.
  ...aliased('info_dispositivo', 'device_info', nullable({ maxLength: 2000 })),
  ...aliased('conexion_automatica', 'auto_connect', Type.Boolean()),
};

export const conektaPaymentBody = closedObject({
  ...customerProps,
  ...aliased('token_tarjeta', 'card_token', cardTokenInput),
});

export const mercadoPagoPaymentBody = closedObject({
  ...customerProps,
  /** The old Mercado Pago field; `token_tarjeta` is this service's earlier name for it. */
  token: Type.Optional(cardTokenInput),
  token_tarjeta: Type.Optional(cardTokenInput),
  payment_method_id: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  issuer_id: Type.Optional(nullable({ maxLength: 50 })),
  ...aliased('monto', 'transaction_amount', Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 })),
  ...aliased('cuotas', 'installments', Type.Integer({ minimum: 1, maximum: 48 })),
  device_id: Type.Optional(nullable({ maxLength: 200 })),
  // Accepted and ignored, as in the old service: the payer is built from the customer's fields.
  payer: Type.Optional(Type.Unknown()),
});

type ConektaBody = Static<typeof conektaPaymentBody>;
type MercadoPagoBody = Static<typeof mercadoPagoPaymentBody>;

/** A payment request, whichever names it came with. */
export interface PaymentRequest {
  productId: number;
  /** May be empty: the route answers the old 400 for it. */
  cardToken: string;
  customer: { name: string; email: string; phone: string | undefined };
  userKind: UserKind;
  mac: string | undefined;
  ip: string | undefined;
  autoConnect: boolean;
  /** Mercado Pago only. */
  mercadoPago?: {
    paymentMethodId: string;
    issuerId: string | undefined;
    installments: number;
    deviceId: string | undefined;
    amount: number;
  };
}

/** Reads a payment body under either name of each field. @throws HttpError 422 when a required field is missing */
export function readPaymentRequest(body: ConektaBody | MercadoPagoBody, gateway: 'conekta' | 'mercadopago'): PaymentRequest {
  const fields = body as Record<string, unknown>;
  const either = (alias: string, name: string): unknown => (fields[alias] !== undefined ? fields[alias] : fields[name]);
  const required = <T>(alias: string, name: string): T => {
    const value = either(alias, name);
    if (value === undefined || value === null) throw new HttpError(422, `Falta el campo ${alias}`);
    return value as T;
  };
  const optional = (alias: string, name: string) => (either(alias, name) as string | null | undefined) ?? undefined;
  const request: PaymentRequest = {
    productId: required('producto_id', 'product_id'),
    cardToken: gateway === 'conekta' ? required('token_tarjeta', 'card_token') : required('token', 'token_tarjeta'),
    customer: {
      name: required('nombre_cliente', 'customer_name'),
      email: required('email_cliente', 'customer_email'),
      phone: optional('telefono_cliente', 'customer_phone'),
    },
    userKind: (either('tipo_usuario', 'user_type') as UserKind | null | undefined) ?? 'usuario_contrasena',
    mac: optional('mac_cliente', 'mac_address'),
    ip: optional('ip_cliente', 'ip_address'),
    autoConnect: (either('conexion_automatica', 'auto_connect') as boolean | undefined) ?? false,
  };
  if (gateway === 'mercadopago') {
    request.mercadoPago = {
      paymentMethodId: required('payment_method_id', 'payment_method_id'),
      issuerId: optional('issuer_id', 'issuer_id'),
      installments: (either('cuotas', 'installments') as number | undefined) ?? 1,
      deviceId: optional('device_id', 'device_id'),
      amount: required('monto', 'transaction_amount'),
    };
  }
  return request;
}
