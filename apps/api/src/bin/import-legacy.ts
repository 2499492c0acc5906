/**
 * `npm run import-legacy -- --from <old PostgreSQL URL> [--mercado-pago-key <Fernet key>] [--time-zone <zone>] [--dry-run]`:
 * imports the old service's data into the configured database (DATABASE_URL or PGLITE_DIR; stop
 * the service first when it is an embedded PGlite directory, which one process opens at a time)
 * and prints what it imported per table and what it could not, with why.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../config.js';
import { LegacyConnectionError, LegacySchemaError, readLegacyDatabase, TimeZoneError } from '../db/legacy-source.js';
import { loggerOptions } from '../http/logger.js';
import { FernetError, fernetKey } from '../legacy/fernet.js';
import { formatImportReport, importLegacyData } from '../legacy/importer.js';
import { embeddedDataDir, encryptionKey, openMigratedDatabase } from '../runtime.js';
import { SecretBox } from '../security/secret-box.js';
import { runEntry, UsageError } from './run.js';

const USAGE = 'npm run import-legacy -- --from <old PostgreSQL URL> [--mercado-pago-key <Fernet key>] [--time-zone <zone>] [--dry-run]';

function parse(argv: string[]) {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        'mercado-pago-key': { type: 'string' },
        'time-zone': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (values.from) return { ...values, from: values.from };
  } catch {
    // reported below, with the usage
  }
  throw new UsageError(USAGE, argv.join(' '));
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const config = loadConfig();
  if (config.database.kind === 'pglite' && !embeddedDataDir(config)) {
    throw new UsageError(`${USAGE}, into DATABASE_URL or a PGLITE_DIR directory`, 'PGLITE_DIR=memory://');
  }
  // The key may come from the old service's variable instead of the command line (which `ps` shows).
  const mpKeyText = args['mercado-pago-key'] ?? process.env.ENCRYPTION_KEY_MERCADO_PAGO?.trim();
  const mercadoPagoKey = mpKeyText ? fernetKey(mpKeyText) : undefined;
  const legacy = await readLegacyDatabase(args.from, args['time-zone'] ? { timeZone: args['time-zone'] } : {});

  const { db } = await openMigratedDatabase(config);
  try {
    const secrets = new SecretBox(await encryptionKey(config, pino(loggerOptions(config.logLevel))), config.previousEncryptionKeys);
    const report = await importLegacyData(db, legacy, { secrets, mercadoPagoKey, dryRun: args['dry-run'] });
    console.log(formatImportReport(report));
  } finally {
    await db.destroy();
  }
}

runEntry(main, [LegacyConnectionError, LegacySchemaError, TimeZoneError, FernetError]);
