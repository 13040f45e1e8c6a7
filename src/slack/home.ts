import type { WebClient } from '@slack/web-api';
import { loadHome } from '../coach/home.js';
import type { Db } from '../db/connection.js';
import { ensureRep } from '../db/reps.js';
import type { JsonLogger } from '../logger.js';
import { type CoachSettings, isManager } from './commands/context.js';
import { errorMessage } from './profiles.js';
import { homeView } from './views/home.js';

/**
 * Publishes reps' App Home tabs (views.publish). A refresh after a change runs behind
 * the reply, one at a time per rep, so the last one published shows the latest state.
 */
export class HomeTabs {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly deps: { db: Db; settings: CoachSettings; logger: JsonLogger; clock: () => number }) {}

  async publish(client: WebClient, teamId: string, userId: string): Promise<void> {
    const { db, settings, clock } = this.deps;
    const rep = ensureRep(db, teamId, userId);
    const data = loadHome(db, {
      teamId,
      userId,
      now: clock(),
      defaultTimezone: settings.defaultTimezone,
      isManager: isManager({ settings }, rep),
    });
    await client.views.publish({ user_id: userId, view: homeView(data) });
  }

  /** Republishes the rep's Home after a change; never throws (a failure is logged). */
  refresh(client: WebClient, teamId: string, userId: string): Promise<void> {
    const key = `${teamId}:${userId}`;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => this.publish(client, teamId, userId))
      .catch((error: unknown) => this.deps.logger.warn(`Home tab refresh for ${userId} failed:`, errorMessage(error)))
      .finally(() => {
        if (this.queues.get(key) === next) this.queues.delete(key);
      });
    this.queues.set(key, next);
    return next;
  }

  /** Resolves when no refresh is in flight (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all(this.queues.values());
  }
}
