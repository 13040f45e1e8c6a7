/** The Postgres twin of src/db/events.ts. */
import { eq, lt } from 'drizzle-orm';
import { EVENT_MEMORY_MS } from '../../db/events.js';
import type { PgDb } from './db.js';
import { processedEvents } from './schema.js';

export { EVENT_MEMORY_MS } from '../../db/events.js';

/** Records an event ID; false when it was recorded before (a redelivery to drop). */
export async function firstDelivery(db: PgDb, eventId: string, now: number): Promise<boolean> {
  const result = await db.insert(processedEvents).values({ eventId, receivedAt: now }).onConflictDoNothing();
  return result.rowCount === 1;
}

/** Whether an ID was recorded (and not yet forgotten), without recording it. */
export async function wasDelivered(db: PgDb, eventId: string): Promise<boolean> {
  const rows = await db
    .select({ id: processedEvents.eventId })
    .from(processedEvents)
    .where(eq(processedEvents.eventId, eventId))
    .limit(1);
  return rows.length > 0;
}

export async function forgetOldEvents(db: PgDb, now: number): Promise<number> {
  const result = await db.delete(processedEvents).where(lt(processedEvents.receivedAt, now - EVENT_MEMORY_MS));
  return result.rowCount ?? 0;
}
