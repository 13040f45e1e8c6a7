import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';

/** Opening the Home tab publishes it fresh (Slack sends this on every visit). */
export function registerAppHome(app: App, deps: SlackDeps): void {
  app.event(
    'app_home_opened',
    async ({ event, body, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
      if (event.tab !== 'home') return;
      // The first visit waits (briefly) for the rep's profile: their zone and whether they manage.
      await deps.profiles.ensure(client, body.team_id, event.user);
      await deps.home.refresh(body.team_id, event.user);
    },
  );
}
