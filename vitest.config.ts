import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // With TEST_DATABASE_URL: migrates one template database per run for the Postgres contract tests (tests/support/pg.ts).
    globalSetup: ['tests/support/pg-global-setup.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
