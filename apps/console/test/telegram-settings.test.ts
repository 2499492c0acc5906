/**
 * The settings page's Telegram notices in Chromium, against the real service and a fake Telegram
 * Bot API (TELEGRAM_API_URL): the chat, the write-only bot token (never shown back, only "set"),
 * the switch, and the test message the fake receives; a refused token is said in the page's words.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../api/test/helpers/app.js';
import { startFakeTelegram, type FakeTelegram } from '../../api/test/helpers/fake-telegram.js';
import { clientAdminToken, createCompany, superAdminToken } from '../../api/test/helpers/seed.js';
import { expectAccessible, expectNoHorizontalScroll, launchChromium, openConsole, PHONE, shot } from './browser.js';

const BOT = { token: '123456789:AAHfakeTelegramBotTokenForTheConsole', chats: ['-1001234567890'] };
const ADMIN_EMAIL = 'telegram@cafe.example';

let browser: Browser;
let telegram: FakeTelegram;
let app: TestApp;
let companyId: string;

beforeAll(async () => {
  [telegram, browser] = await Promise.all([startFakeTelegram(BOT), launchChromium()]);
  app = await startTestApp({ config: { telegram: { apiUrl: telegram.url, timeoutMs: 1500 } } });
  const root = await superAdminToken(app);
  companyId = (await createCompany(app, root, { nombre: 'Café Telegram' })).id;
  await clientAdminToken(app, root, companyId, ADMIN_EMAIL);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await telegram?.close();
});

async function telegramSection(page: Page) {
  await page.getByLabel('Correo electrónico').fill(ADMIN_EMAIL);
  await page.getByLabel('Contraseña', { exact: true }).fill('client-password-1');
  await page.getByRole('button', { name: 'Iniciar sesión' }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Ajustes', exact: true }).click();
  const section = page.getByRole('region', { name: 'Avisos por Telegram' });
  await section.getByLabel('Chat ID').waitFor();
  return section;
}

describe('Telegram notices in the console', () => {
  it('saves the chat, a write-only token and the switch, and sends a test message (Spanish, phone)', async () => {
    const { page, problems } = await openConsole(browser, app.url, PHONE);
    const section = await telegramSection(page);
    const token = section.getByLabel('Token del bot');
    expect(await token.getAttribute('data-token-configured')).toBe('false');
    await section.getByText('sin configurar').waitFor();

    // Nothing stored yet: the test says what is missing, and nothing reached Telegram.
    await section.getByRole('button', { name: 'Enviar mensaje de prueba' }).click();
    await section.getByRole('alert').getByText('Faltan el token del bot o el chat ID.').waitFor();
    expect(telegram.paths).toEqual([]);

    await section.getByLabel('Chat ID').fill(BOT.chats[0]!);
    await token.fill(BOT.token);
    await section.getByLabel('Avisar cada venta por Telegram').check();
    await section.getByRole('button', { name: 'Guardar' }).click();
    await section.getByRole('status').getByText('Guardado').waitFor();
    // Stored, the token is "set" and never comes back: not in the field, the page, nor the service's answer.
    await expect.poll(() => token.getAttribute('data-token-configured')).toBe('true');
    await section.getByText('configurado (escriba otro para reemplazarlo)').waitFor();
    expect(await token.inputValue()).toBe('');
    expect(await page.content()).not.toContain(BOT.token);
    expect(await section.getByLabel('Chat ID').inputValue()).toBe(BOT.chats[0]);
    expect(await section.getByLabel('Avisar cada venta por Telegram').isChecked()).toBe(true);
    const stored = await app.db
      .selectFrom('empresas')
      .select(['telegram_chat_id', 'telegram_notifications', 'telegram_bot_token_sealed'])
      .where('id', '=', companyId)
      .executeTakeFirstOrThrow();
    expect([stored.telegram_chat_id, stored.telegram_notifications]).toEqual([BOT.chats[0], true]);
    expect(app.secrets.open(stored.telegram_bot_token_sealed!)).toBe(BOT.token);

    // The test message goes with the stored token to the stored chat.
    await section.getByRole('button', { name: 'Enviar mensaje de prueba' }).click();
    await section.getByRole('status').getByText('Mensaje de prueba enviado: revise el chat.').waitFor();
    expect(telegram.messages.map((m) => [m.token, m.chat_id])).toEqual([[BOT.token, BOT.chats[0]]]);
    expect(telegram.messages[0]!.text).toContain('Café Telegram');
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, 'telegram settings');
    await section.scrollIntoViewIfNeeded();
    await shot(page, 'es-phone-10-telegram');

    // A token Telegram does not know, typed in for the test only: refused in the page's words, the stored one kept.
    await token.fill('987654321:AAHanotherBotTokenTelegramRefuses');
    await section.getByRole('button', { name: 'Enviar mensaje de prueba' }).click();
    await section
      .getByRole('alert')
      .getByText(/^Telegram rechazó el mensaje/)
      .waitFor();
    expect(telegram.messages).toHaveLength(1);
    expect(
      app.secrets.open(
        (await app.db.selectFrom('empresas').select('telegram_bot_token_sealed').where('id', '=', companyId).executeTakeFirstOrThrow())
          .telegram_bot_token_sealed!,
      ),
    ).toBe(BOT.token);
    await expectAccessible(page, 'telegram refused');
    // The only console errors are the two refused tests' answers (nothing stored: 400; Telegram refused: 502).
    expect(problems).toEqual([expect.stringContaining('status of 400'), expect.stringContaining('status of 502')]);
    await page.context().close();
  }, 60_000);
});
