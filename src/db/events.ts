import { eq, lt } from 'drizzle-orm';
import type { Db } from './connection.js';
import { processedEvents } from './schema.js';

/** Slack retries a delivery for about an hour at most; a day of memory is plenty. */
export const EVENT_MEMORY_MS = 24 * 60 * 60 * 1000;

/** Records an event ID; false when it was recorded before (a redelivery to drop). */
export function firstDelivery(db: Db, eventId: string, now: number): boolean {
  const result = db.insert(processedEvents).values({ eventId, receivedAt: now }).onConflictDoNothing().run();
  return result.changes === 1;
}

/** Whether an ID was recorded (and not yet forgotten), without recording it. */
export function wasDelivered(db: Db, eventId: string): boolean {
  return (
    db
      .select({ id: processedEvents.eventId })
      .from(processedEvents)
      .where(eq(processedEvents.eventId, eventId))
      .get() !== undefined
  );
}

export function forgetOldEvents(db: Db, now: number): number {
  return db
    .delete(processedEvents)
    .where(lt(processedEvents.receivedAt, now - EVENT_MEMORY_MS))
    .run().changes;
}
