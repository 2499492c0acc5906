/**
 * The one way the repository's browser tests start Chromium: Debian's /usr/bin/chromium (never a
 * downloaded browser), headless, with nothing that phones home. Its own entry point
 * (`@hotspot/fake-gateways/chromium`) so that importing the fakes never loads playwright-core.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** @param extraArgs switches a test needs besides these (e.g. `--ip-address-space-overrides`). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}
