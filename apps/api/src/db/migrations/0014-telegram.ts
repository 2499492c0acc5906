/**
 * Issue 12 (the old client-admin contract): an empresa's Telegram settings, which the old service kept
 * in `telegram_bot_token`, `telegram_chat_id` and `notificaciones_telegram`. The bot token is a
 * secret, so it is kept sealed (src/security/secret-box.ts), never in clear as the old one kept it.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('empresas')
    .addColumn('telegram_bot_token_sealed', 'text')
    .addColumn('telegram_chat_id', 'text')
    .addColumn('telegram_notifications', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('empresas')
    .dropColumn('telegram_bot_token_sealed')
    .dropColumn('telegram_chat_id')
    .dropColumn('telegram_notifications')
    .execute();
}
