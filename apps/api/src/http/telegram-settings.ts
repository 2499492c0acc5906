/** An empresa's Telegram settings from a request body → the columns that store them (the bot token sealed). */
import type { CompanyChanges } from '../db/companies.js';
import { isBotToken, isChatId } from '../notifications/telegram.js';
import type { SecretBox } from '../security/secret-box.js';
import { HttpError } from './errors.js';

export const BOT_TOKEN_REFUSED = 'telegram_bot_token debe ser el token que da @BotFather (123456789:AAH...)';
export const CHAT_ID_REFUSED = 'telegram_chat_id debe ser el id numérico del chat (-100...) o el @nombre de un canal';

/** A Telegram setting as stored: trimmed, blank or null clears it, undefined leaves it. @throws HttpError 422 */
export function telegramValue(
  input: string | null | undefined,
  valid: (text: string) => boolean,
  refusal: string,
): string | null | undefined {
  const value = input?.trim();
  if (value === undefined || value === '') return input === undefined ? undefined : null;
  if (!valid(value)) throw new HttpError(422, refusal);
  return value;
}

export interface TelegramInput {
  telegram_bot_token?: string | null;
  telegram_chat_id?: string | null;
  notificaciones_telegram?: boolean | null;
}

/** Undefined fields are left as they are; a null or blank token or chat clears it; null notifications mean off. @throws HttpError 422 */
export function telegramColumns(input: TelegramInput, secrets: SecretBox): CompanyChanges {
  const botToken = telegramValue(input.telegram_bot_token, isBotToken, BOT_TOKEN_REFUSED);
  return {
    telegram_bot_token_sealed: botToken ? secrets.seal(botToken) : botToken,
    telegram_chat_id: telegramValue(input.telegram_chat_id, isChatId, CHAT_ID_REFUSED),
    // The old column was nullable; null meant off.
    telegram_notifications: input.notificaciones_telegram === null ? false : input.notificaciones_telegram,
  };
}
