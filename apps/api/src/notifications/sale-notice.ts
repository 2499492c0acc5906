/**
 * The old service's "¡Pago Aprobado!" Telegram message (LEGACY-API.md §7.1), sent to the empresa's chat
 * when a Mercado Pago sale is paid and the empresa turned notifications on. Unlike the old one it
 * escapes what customers and admins typed and carries no password or PIN (§8.18): the chat learns
 * of the sale, not how to use it.
 */
import type { CompanyRow } from '../db/companies.js';
import type { TransactionRow } from '../db/transactions.js';
import { amountFromCents } from '../money.js';
import type { SecretBox } from '../security/secret-box.js';
import { escapeHtml, sendTelegramMessage, type TelegramSettings } from './telegram.js';

/** The message for a paid sale, line by line as the old service wrote it, less the credentials. */
export function saleApprovedMessage(company: Pick<CompanyRow, 'nombre'>, sale: TransactionRow): string {
  return [
    '✅ <b>¡Pago Aprobado!</b>',
    `🏢 <b>Empresa:</b> ${escapeHtml(company.nombre)}`,
    `📦 <b>Plan:</b> ${escapeHtml(sale.product_name)}`,
    `💰 <b>Monto:</b> $${amountFromCents(sale.amount_cents).toFixed(2)} ${sale.moneda}`,
    `👤 <b>Cliente:</b> ${escapeHtml(sale.cliente_nombre)}`,
    `🆔 <b>Transacción:</b> <code>${escapeHtml(sale.charge_id ?? sale.id)}</code>`,
    // A PIN user's name is its PIN: only a user-and-password sale names its user.
    ...(sale.user_kind === 'usuario_contrasena' ? [`👤 <b>Usuario:</b> <code>${escapeHtml(sale.hotspot_username)}</code>`] : []),
    '🔥 <i>Acceso WiFi entregado correctamente.</i>',
  ].join('\n');
}

/**
 * Sends the message when the empresa has notifications on and a bot and chat set; does nothing
 * otherwise. @throws TelegramError when Telegram does not take it
 */
export async function announceSale(
  settings: TelegramSettings,
  secrets: SecretBox,
  company: CompanyRow,
  sale: TransactionRow,
): Promise<void> {
  if (!company.telegram_notifications || company.telegram_bot_token_sealed === null || company.telegram_chat_id === null) return;
  const chat = { botToken: secrets.open(company.telegram_bot_token_sealed), chatId: company.telegram_chat_id };
  await sendTelegramMessage(settings, chat, saleApprovedMessage(company, sale));
}
