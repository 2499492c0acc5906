import { defineConfig } from 'tsup';

export default defineConfig({
  // One entry per npm script that runs dist/bin/*.js; `bin/` keeps the folder in the output.
  entry: {
    'bin/main': 'src/bin/main.ts',
    'bin/migrate': 'src/bin/migrate.ts',
    'bin/demo': 'src/bin/demo.ts',
    'bin/reconcile': 'src/bin/reconcile.ts',
    'bin/import-legacy': 'src/bin/import-legacy.ts',
  },
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  // The demo's mock router is a workspace package, used as installed (it reads its certificates from its own directory).
  external: ['@hotspot/mock-routeros'],
});
