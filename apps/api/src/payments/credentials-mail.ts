/**
 * The e-mail that hands a cash customer the WiFi credentials once the store payment arrived. Sent
 * through the deployment's SMTP server with nodemailer: a correct SMTP client (STARTTLS, AUTH,
 * dot-stuffing, UTF-8 headers and bodies for Spanish text) is more than this service should own.
 */
import { createTransport, type Transporter } from 'nodemailer';
import type { SmtpSettings } from '../config.js';
import type { TransactionRow } from '../db/transactions.js';
import { amountFromCents } from '../money.js';
import type { SecretBox } from '../security/secret-box.js';

/** Sends a paid cash sale's credentials to its customer; resolves without sending when there is no address. */
export interface CredentialsMailer {
  send(transaction: TransactionRow): Promise<void>;
  close(): void;
}

/** The SMTP server refused or could not take the message. */
export class CredentialsMailError extends Error {
  constructor(
    readonly transactionId: string,
    options: { cause: unknown },
  ) {
    super(
      `credentials e-mail for ${transactionId} not sent: ${String((options.cause as Error | null)?.message ?? options.cause)}`,
      options,
    );
    this.name = 'CredentialsMailError';
  }
}

export function createCredentialsMailer(settings: SmtpSettings, secrets: SecretBox, timeoutMs: number): CredentialsMailer {
  const transport: Transporter = createTransport({
    url: settings.url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(tx) {
      if (tx.cliente_email === '') return;
      const password = secrets.open(tx.hotspot_password_sealed);
      const lines = [
        `Hola ${tx.cliente_nombre}:`,
        '',
        `Recibimos tu pago de ${amountFromCents(tx.amount_cents).toFixed(2)} ${tx.moneda} por "${tx.product_name}".`,
        '',
        `Usuario: ${tx.hotspot_username}`,
        `Contraseña: ${password}`,
        '',
        `Referencia de la compra: ${tx.id}`,
      ];
      try {
        await transport.sendMail({
          from: settings.from,
          to: tx.cliente_email,
          subject: `Tus datos de acceso WiFi (${tx.product_name})`,
          text: lines.join('\n'),
        });
      } catch (error) {
        throw new CredentialsMailError(tx.id, { cause: error });
      }
    },
    close: () => transport.close(),
  };
}
