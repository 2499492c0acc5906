/**
 * Messages to an empresa's Telegram chat through the empresa's own bot (Bot API `sendMessage`, HTML
 * mode, as the old service sent them). The bot token travels in the request path; it never appears in
 * an error or a log line, and a token that is not of the form Telegram issues never reaches the URL.
 */

/** What Telegram issues: the bot's numeric id, a colon, and the secret part. */
export const isBotToken = (text: string): boolean => /^[0-9]{1,20}:[A-Za-z0-9_-]{20,200}$/.test(text);
/** A chat's numeric id (negative for groups) or a public channel's `@name`. */
export const isChatId = (text: string): boolean => /^(-?[0-9]{1,20}|@[A-Za-z][A-Za-z0-9_]{3,63})$/.test(text);

export interface TelegramChat {
  botToken: string;
  chatId: string;
}

export interface TelegramSettings {
  /** TELEGRAM_API_URL, without a trailing slash. */
  apiUrl: string;
  timeoutMs: number;
}

/**
 * Telegram did not take the message. `status` is Telegram's HTTP status (undefined when it was not
 * reached) and `description` its own explanation, e.g. "Bad Request: chat not found"; neither holds the token.
 */
export class TelegramError extends Error {
  constructor(
    readonly reason: 'malformed-token' | 'unreachable' | 'timeout' | 'refused',
    readonly status?: number,
    readonly description?: string,
  ) {
    super(`Telegram sendMessage failed: ${reason}${status === undefined ? '' : ` (${status})`}${description ? `: ${description}` : ''}`);
    this.name = 'TelegramError';
  }
}

/** Escapes text for Telegram's HTML mode (the old service pasted names in unescaped). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The old service's test message, word for word, with the empresa's name escaped. */
export function testMessage(companyName: string): string {
  return ['⚡ <b>Prueba de Conexión en Vivo</b>', `🏢 Empresa: ${escapeHtml(companyName)}`, '✅ ¡Tus credenciales son correctas!'].join(
    '\n',
  );
}

/** Sends `html` to the chat. @throws TelegramError when Telegram was not reached or did not answer `ok` */
export async function sendTelegramMessage(settings: TelegramSettings, chat: TelegramChat, html: string): Promise<void> {
  if (!isBotToken(chat.botToken)) throw new TelegramError('malformed-token');
  let response: Response;
  try {
    response = await fetch(`${settings.apiUrl}/bot${chat.botToken}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: chat.chatId, text: html, parse_mode: 'HTML' }),
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
  } catch (error) {
    // The transport's own error is dropped, not wrapped: its message or cause may quote the URL.
    throw new TelegramError((error as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable');
  }
  const body = (await response.json().catch(() => undefined)) as { ok?: unknown; description?: unknown } | undefined;
  if (!response.ok || body?.ok !== true) {
    throw new TelegramError('refused', response.status, typeof body?.description === 'string' ? body.description.slice(0, 200) : undefined);
  }
}
