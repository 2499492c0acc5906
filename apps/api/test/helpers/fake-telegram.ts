/**
 * A fake Telegram Bot API on 127.0.0.1: `POST /bot<token>/sendMessage` answers as Telegram does for
 * one known bot and its chats (401 for another token, 400 "chat not found" for another chat) and
 * records every message it accepted.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  token: string;
  chat_id: string;
  text: string;
  parse_mode: string;
}

export interface FakeTelegram {
  /** Base URL, for TELEGRAM_API_URL. */
  url: string;
  messages: SentMessage[];
  /** Every request path received (to check what went where). */
  paths: string[];
  close(): Promise<void>;
}

export async function startFakeTelegram(bot: { token: string; chats: string[] }): Promise<FakeTelegram> {
  const messages: SentMessage[] = [];
  const paths: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      paths.push(req.url ?? '');
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const match = /^\/bot([^/]+)\/sendMessage$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) return answer(404, { ok: false, error_code: 404, description: 'Not Found' });
      if (match[1] !== bot.token) return answer(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<SentMessage, 'token'>;
      if (!bot.chats.includes(String(body.chat_id))) {
        return answer(400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
      }
      messages.push({ token: match[1], chat_id: String(body.chat_id), text: body.text, parse_mode: body.parse_mode });
      return answer(200, { ok: true, result: { message_id: messages.length, chat: { id: body.chat_id }, text: body.text } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    paths,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
