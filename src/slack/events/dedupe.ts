import type { AnyMiddlewareArgs, App } from '@slack/bolt';
import { firstDelivery, forgetOldEvents } from '../../db/events.js';
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
      if (eventId !== null && ++deliveries % PRUNE_EVERY === 0) forgetOldEvents(deps.db, deps.clock());
      if (eventId !== null && !firstDelivery(deps.db, eventId, deps.clock())) {
        deps.logger.info(`Dropped a repeated delivery of ${eventId} (retry ${context.retryNum ?? '?'})`);
        return;
      }
      await next();
    },
  );
}
