import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.js';

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run the workspace packages from source, so a change needs no rebuild to be tested.
    alias: {
      '@hotspot/routeros': at('./packages/routeros/src/index.ts'),
      '@hotspot/mock-routeros': at('./test-fixtures/mock-routeros/src/index.ts'),
      // Before the package itself: the first alias that matches wins.
      '@hotspot/fake-gateways/chromium': at('./test-fixtures/fake-gateways/src/chromium.ts'),
      '@hotspot/fake-gateways': at('./test-fixtures/fake-gateways/src/index.ts'),
    },
  },
  test: {
    projects,
    passWithNoTests: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
