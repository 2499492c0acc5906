/** `mock-routeros`: runs a mock router until SIGINT or SIGTERM. */
import { CliUsageError, parseCliOptions, USAGE } from './cli-options.js';
import { startMockRouter } from './server.js';

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseCliOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    console.error(`mock-routeros: ${error.message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    console.log(USAGE);
    return;
  }
  const { options } = parsed;
  // No test drives this process's clock: sessions age and hit their limits in real time.
  const router = await startMockRouter({ ...options, clock: 'system' });
  const host = options.host ?? '127.0.0.1';
  const version = router.state.version;
  console.log(`mock-routeros ${version} listening on ${host}:${router.port} (api)`);
  if (router.tlsPort !== undefined) {
    const kind = options.tlsAnonymousDH ? 'api-ssl, anonymous DH' : 'api-ssl';
    console.log(`mock-routeros ${version} listening on ${host}:${router.tlsPort} (${kind})`);
  }
  if (router.hotspotUrl !== undefined) console.log(`mock-routeros ${version} hotspot login page at ${router.hotspotUrl}/login`);
  if (options.faults) console.log(`faults: ${JSON.stringify(options.faults)}`);
  const stop = (signal: NodeJS.Signals) => {
    console.log(`mock-routeros: ${signal}, closing`);
    router.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`mock-routeros: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
