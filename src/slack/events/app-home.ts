import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import type { SlackRouter } from '../router.js';

/** Opening the Home tab publishes it fresh (Slack sends this on every visit). */
export function registerAppHome(routes: SlackRouter, deps: SlackDeps): void {
  routes.event(
    'app_home_opened',
    async ({ event, body, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
      if (event.tab !== 'home') return;
      // The first visit waits (briefly) for the rep's profile: their zone and whether they manage.
      await deps.profiles.ensure(client, body.team_id, event.user);
      await deps.home.refresh(body.team_id, event.user);
    },
  );
}
