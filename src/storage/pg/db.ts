/**
 * The Postgres twin of src/db/connection.ts's `Db`: the database or a transaction on it, so every pg module
 * function takes either (a transaction is a PgTransaction, which extends PgDatabase).
 */
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import type * as schema from './schema.js';

export type PgDb = PgDatabase<NodePgQueryResultHKT, typeof schema>;
