/** The Telegram client on its own: what it sends, and how each failure comes back (never with the token). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, sendTelegramMessage, TelegramError } from '../../src/notifications/telegram.js';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.js';

const BOT = { botToken: '42:AAH-a-token-of-the-right-form_0123', chatId: '-100777' };

let telegram: FakeTelegram;
beforeAll(async () => {
  telegram = await startFakeTelegram({ token: BOT.botToken, chats: [BOT.chatId] });
});
afterAll(() => telegram.close());

async function failure(promise: Promise<unknown>): Promise<TelegramError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TelegramError);
  expect((error as Error).message).not.toContain(BOT.botToken.split(':')[1]);
  return error as TelegramError;
}

describe('sendTelegramMessage', () => {
  it('posts the HTML message to the bot’s sendMessage', async () => {
    await sendTelegramMessage({ apiUrl: telegram.url, timeoutMs: 2000 }, BOT, '<b>hola</b>');
    expect(telegram.messages.at(-1)).toEqual({ token: BOT.botToken, chat_id: BOT.chatId, text: '<b>hola</b>', parse_mode: 'HTML' });
  });

  it('a refusal carries Telegram’s status and description', async () => {
    const error = await failure(sendTelegramMessage({ apiUrl: telegram.url, timeoutMs: 2000 }, { ...BOT, chatId: '5' }, 'x'));
    expect(error).toMatchObject({ reason: 'refused', status: 400, description: 'Bad Request: chat not found' });
  });

  it('an unreachable Telegram and a silent one end as unreachable and timeout', async () => {
    const refused = await failure(sendTelegramMessage({ apiUrl: 'http://127.0.0.1:9', timeoutMs: 2000 }, BOT, 'x'));
    expect(refused.reason).toBe('unreachable');
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      expect((await failure(sendTelegramMessage({ apiUrl: url, timeoutMs: 150 }, BOT, 'x'))).reason).toBe('timeout');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('never puts a token of another form into the URL', async () => {
    const paths = telegram.paths.length;
    const error = await failure(sendTelegramMessage({ apiUrl: telegram.url, timeoutMs: 2000 }, { ...BOT, botToken: '1:x/../getMe' }, 'x'));
    expect(error.reason).toBe('malformed-token');
    expect(telegram.paths.length).toBe(paths);
  });
});

describe('escapeHtml', () => {
  it('escapes what Telegram’s HTML mode reads as markup', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&lt;/a&gt;');
  });
});
