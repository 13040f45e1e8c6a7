import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { REQUEST_BUSY_RETRY, withBusyRetry } from '../../db/busy.js';
import { isValidTimeZone } from '../../domain/calendar.js';
import type { SlackDeps } from '../deps.js';
import { isTeamId } from '../id-check.js';
import type { SlackRouter } from '../router.js';

/**
 * A rep's profile changed in Slack (a new time zone after travel, an admin role): their
 * stored profile follows at once, so the next prompt comes at their new local time.
 * Slack sends no user_change for daylight-saving shifts; the zone name covers those.
 */
export function registerUserChange(routes: SlackRouter, deps: SlackDeps): void {
  routes.event(
    'user_change',
    async ({ event, body, context }: SlackEventMiddlewareArgs<'user_change'> & AllMiddlewareArgs) => {
      const user = event.user;
      // The user's own workspace only when the installation this event was authorized for serves it (an org-wide
      // install); a Slack Connect member's home team is another tenant, whose rows this event must not touch.
      const org = (user as { enterprise_user?: { enterprise_id?: string } }).enterprise_user?.enterprise_id;
      const sameOrg = context.isEnterpriseInstall === true && org !== undefined && org === context.enterpriseId;
      const teamId = sameOrg && isTeamId(user.team_id) ? user.team_id : body.team_id;
      // A member of another organization: their admin role is theirs there, never a manager's here.
      const foreign = isTeamId(user.team_id) && user.team_id !== teamId;
      // Only people already coaching: the event fires for everyone in the workspace.
      const rep = await deps.store.reps.getRep(teamId, user.id);
      if (!rep) return;
      const profile = {
        // A zone name we cannot use keeps the one we have.
        slackTimezone: user.tz && isValidTimeZone(user.tz) ? user.tz : rep.slackTimezone,
        isSlackAdmin: foreign ? rep.isSlackAdmin : Boolean(user.is_admin || user.is_owner || user.is_primary_owner),
        fetchedAt: deps.clock(),
      };
      await withBusyRetry(() => deps.store.reps.saveRepProfile(teamId, user.id, profile), REQUEST_BUSY_RETRY);
    },
  );
}
