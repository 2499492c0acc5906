/**
 * The one list of test projects. Vitest 4 ignores a file of this name on its own, so
 * vitest.config.ts imports this list; add a project here, nowhere else.
 */
import type { TestProjectInlineConfiguration } from 'vitest/config';

/** PostgreSQL used by the `api-postgres` project (CI starts none: the machine runs it). */
const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const projects: TestProjectInlineConfiguration[] = [
  { extends: true, test: { name: 'routeros', root: 'packages/routeros', include: ['test/**/*.test.ts'] } },
  { extends: true, test: { name: 'mock-routeros', root: 'test-fixtures/mock-routeros', include: ['test/**/*.test.ts'] } },
  { extends: true, test: { name: 'fake-gateways', root: 'test-fixtures/fake-gateways', include: ['test/**/*.test.ts'] } },
  {
    extends: true,
    test: {
      name: 'api-pglite',
      root: 'apps/api',
      include: ['test/**/*.test.ts'],
      // The legacy importer's tests build the old service's database there on both projects.
      env: { TEST_DB: 'pglite', TEST_LEGACY_DATABASE_URL: POSTGRES_URL },
    },
  },
  {
    extends: true,
    test: {
      name: 'api-postgres',
      root: 'apps/api',
      // Only files that touch the database need the second backend.
      include: ['test/**/*.db.test.ts'],
      env: { TEST_DB: 'postgres', TEST_DATABASE_URL: POSTGRES_URL, TEST_LEGACY_DATABASE_URL: POSTGRES_URL },
    },
  },
  {
    extends: true,
    // The operator's console in Chromium against the real service (PGlite: it tests pages, not SQL).
    test: { name: 'console', root: 'apps/console', include: ['test/**/*.test.ts'], env: { TEST_DB: 'pglite' } },
  },
];

export default projects;
