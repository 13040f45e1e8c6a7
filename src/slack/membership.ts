/**
 * Whether a Slack user may carry a quota: an active, human member of the workspace, read from users.info.
 * Pure: Slack's user object in, a verdict out.
 */

/** What the coach keeps of a member's Slack profile (the reps table's columns). */
export interface SlackProfile {
  slackTimezone: string | null;
  isSlackAdmin: boolean;
}

/** Why a person cannot carry a quota; `unconfirmed`: Slack did not answer (in time), so nobody is assumed. */
export type NotAMemberReason = 'not_found' | 'deleted' | 'bot' | 'stranger' | 'unconfirmed';

export type Membership = { ok: true; profile: SlackProfile } | { ok: false; reason: NotAMemberReason };

/** users.info errors that mean "no such person here" (user_not_visible: hidden from the app, so not ours to coach). */
export const NOT_A_MEMBER_ERRORS = new Set(['user_not_found', 'user_not_visible']);

/** Slackbot: a built-in bot whose users.info says `is_bot: false` (Slack documents it as the exception). */
export const SLACKBOT_ID = 'USLACKBOT';

/** The fields of users.info's `user` that decide it (all optional: Slack omits false ones at times). */
export interface SlackUserFacts {
  id?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_workflow_bot?: boolean;
  is_app_user?: boolean;
  is_stranger?: boolean;
  profile?: { bot_id?: string; api_app_id?: string };
}

/**
 * The verdict on users.info's `user`. An app's bot user has `is_bot` (and a `profile.bot_id`); a workflow's,
 * `is_workflow_bot`. `is_app_user` is NOT a refusal: Slack documents it as "an authorized user of the
 * calling app", a human who installed or authorized this app, who may well be a rep.
 */
export function membershipOf(user: SlackUserFacts | undefined, userId: string, profile: SlackProfile): Membership {
  if (!user) return { ok: false, reason: 'not_found' };
  if (user.deleted === true) return { ok: false, reason: 'deleted' };
  const bot = user.is_bot === true || user.is_workflow_bot === true || Boolean(user.profile?.bot_id);
  if (bot || userId === SLACKBOT_ID || user.id === SLACKBOT_ID) return { ok: false, reason: 'bot' };
  if (user.is_stranger === true) return { ok: false, reason: 'stranger' };
  return { ok: true, profile };
}
