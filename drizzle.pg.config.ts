import { defineConfig } from 'drizzle-kit';

/** The Postgres twin of drizzle.config.ts: its own schema file and migrations folder (migrations/pg). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/storage/pg/schema.ts',
  out: './migrations/pg',
});
