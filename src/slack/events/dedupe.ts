import type { AnyMiddlewareArgs, App } from '@slack/bolt';
import { isBusy, REQUEST_BUSY_RETRY, withBusyRetry } from '../../db/busy.js';
import type { SlackDeps } from '../deps.js';

/**
 * Slack redelivers an event it thinks failed (X-Slack-Retry-Num), with the same
 * event_id. The first delivery is recorded; a repeat stops here, so it is applied once.
 */
/** Old event IDs are forgotten every this many deliveries (the scheduler pass does it too, when on). */
const PRUNE_EVERY = 500;

export function registerEventDedupe(app: App, deps: SlackDeps): void {
  let deliveries = 0;
  app.use(
    async ({
      body,
      next,
      context,
    }: AnyMiddlewareArgs & { next: () => Promise<void>; context: { retryNum?: number } }) => {
      const eventId = 'event_id' in body && typeof body.event_id === 'string' ? body.event_id : null;
      if (eventId === null) {
        await next();
        return;
      }
      if (++deliveries % PRUNE_EVERY === 0) await pruneUnlessBusy(deps);
      // The event is acknowledged already: a lock held past the budget loses it, logged (no reply says so).
      const first = await withBusyRetry(
        () => deps.store.events.firstDelivery(eventId, deps.clock()),
        REQUEST_BUSY_RETRY,
      );
      if (!first) {
        deps.logger.info(`Dropped a repeated delivery of ${eventId.slice(0, 40)} (retry ${context.retryNum ?? '?'})`);
        return;
      }
      await next();
    },
  );
}

/** Forgetting old event IDs can wait for a moment when no other writer holds the lock. */
async function pruneUnlessBusy(deps: SlackDeps): Promise<void> {
  try {
    await deps.store.events.forgetOldEvents(deps.clock());
  } catch (error) {
    if (!isBusy(error)) throw error;
  }
}
