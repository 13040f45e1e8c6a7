import { TEAM } from './harness.js';

/** What a rep submits in one input block: the element's state, as Slack sends it in view.state.values. */
export type FieldState =
  | { type: 'plain_text_input' | 'number_input'; value: string | null }
  | { type: 'static_select' | 'external_select' | 'radio_buttons'; selected_option: { value: string } | null }
  | { type: 'checkboxes'; selected_options: { value: string }[] }
  | { type: 'users_select'; selected_user: string | null }
  | { type: 'conversations_select'; selected_conversation: string | null }
  | { type: 'timepicker'; selected_time: string | null }
  | { type: 'datepicker'; selected_date: string | null };

export const text = (value: string | null): FieldState => ({ type: 'plain_text_input', value });
export const number = (value: string | null): FieldState => ({ type: 'number_input', value });
export const pick = (
  value: string | null,
  type: 'static_select' | 'external_select' | 'radio_buttons' = 'static_select',
): FieldState => ({
  type,
  selected_option: value === null ? null : { value },
});

/** The part every interaction payload shares: who, in which team, from which app. */
/**
 * A block_actions press on a bot message in the rep's DM, as Slack sends it: the envelope, the container and
 * the message with its own blocks (`extra`: the state, response_url and actions).
 */
export function dmMessageAction(
  message: { ts: string; text?: string; blocks?: unknown },
  extra: Record<string, unknown>,
  options: { channel?: string; triggerId?: string } = {},
): Record<string, unknown> {
  const channel = options.channel ?? 'DUREP1';
  return {
    ...interactionEnvelope('block_actions'),
    container: { type: 'message', message_ts: message.ts, channel_id: channel, is_ephemeral: false },
    trigger_id: options.triggerId ?? '13345224609.738474920.5',
    channel: { id: channel, name: 'directmessage' },
    message: {
      type: 'message',
      bot_id: 'BBOT',
      user: 'UBOT',
      ts: message.ts,
      text: message.text,
      blocks: message.blocks,
    },
    ...extra,
  };
}

export function interactionEnvelope(
  type: 'block_actions' | 'view_submission' | 'block_suggestion',
  options: { user?: string; team?: string } = {},
): Record<string, unknown> & { team: { id: string; domain: string } } {
  const user = options.user ?? 'UREP1';
  const team = options.team ?? TEAM;
  return {
    type,
    team: { id: team, domain: 'acme-sales' },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: team },
    api_app_id: 'A_FOCUS',
    token: 'legacy-verification-token',
  };
}

/** A view_submission payload for a modal with these field states (block and action IDs equal). */
export function viewSubmission(
  callbackId: string,
  fields: Record<string, FieldState>,
  options: { user?: string; team?: string } = {},
): Record<string, unknown> {
  const envelope = interactionEnvelope('view_submission', options);
  const team = envelope.team.id;
  const values = Object.fromEntries(Object.entries(fields).map(([id, state]) => [id, { [id]: state }]));
  return {
    ...envelope,
    trigger_id: '13345224609.738474920.9',
    view: {
      id: 'V0FORM',
      team_id: team,
      type: 'modal',
      callback_id: callbackId,
      private_metadata: '',
      hash: '1.abc',
      title: { type: 'plain_text', text: 'Form' },
      blocks: Object.keys(fields).map((id) => ({
        type: 'input',
        block_id: id,
        label: { type: 'plain_text', text: id },
      })),
      state: { values },
      app_id: 'A_FOCUS',
      bot_id: 'BBOT',
    },
    response_urls: [],
  };
}

/** A block_actions payload for a button on the Home tab. */
export function homeButton(actionId: string, options: { user?: string; team?: string } = {}): Record<string, unknown> {
  const envelope = interactionEnvelope('block_actions', options);
  const team = envelope.team.id;
  return {
    ...envelope,
    container: { type: 'view', view_id: 'VHOME' },
    trigger_id: `trigger-${actionId}`,
    view: { id: 'VHOME', type: 'home', team_id: team, callback_id: '', state: { values: {} } },
    actions: [{ type: 'button', action_id: actionId, block_id: 'home_actions', action_ts: '1700000001.000200' }],
  };
}

/** The account picker asking for options as the rep types. */
export function accountSuggestion(
  value: string,
  options: { user?: string; team?: string } = {},
): Record<string, unknown> {
  return {
    ...interactionEnvelope('block_suggestion', options),
    action_id: 'in_account',
    block_id: 'in_account',
    value,
    container: { type: 'view', view_id: 'V0FORM' },
    view: { id: 'V0FORM', type: 'modal', callback_id: 'modal_win', state: { values: {} } },
  };
}
