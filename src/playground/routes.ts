/**
 * The playground page's API: each route turns what the page did into the request Slack
 * would send the app (signed with the app's signing secret), or drives the clock.
 */
import { rmSync } from 'node:fs';
import type { WebClient } from '@slack/web-api';
import type { Storage } from '../db/connection.js';
import type { SlackApp } from '../slack/app.js';
import type { HomeTabs } from '../slack/home.js';
import type { SqliteStore } from '../storage/sqlite.js';
import { nextPromptInstant, type PromptChoice } from './clock.js';
import { loadCrmSample } from './crm-sample.js';
import { signedPost } from './signing.js';
import { asSlackSends } from './slack-text.js';
import { type PassRunner, type PlaygroundClock, reminderInstant } from './ticker.js';
import type { LocalWorkspace, Person } from './workspace.js';

export const TEAM = 'TDEMO';

/** The app as the playground runs it; replaced on reset. */
export interface Running {
  storage: Storage;
  /** The same database as the app's Store. */
  store: SqliteStore;
  slack: SlackApp;
  appUrl: string;
  home: HomeTabs;
}

export interface PlaygroundContext {
  workspace: LocalWorkspace;
  clock: PlaygroundClock;
  passes: PassRunner;
  secret: string;
  databasePath: string;
  manager: Person;
  /** The app's Web API client on the workspace, for the CRM sample's owner look-ups. */
  client: WebClient;
  defaultTimezone: string;
  running(): Running;
  /** Stops the app, deletes the database, and starts again on fresh demo data. */
  reboot(): Promise<void>;
}

export type Route = (input: Record<string, unknown>) => Promise<unknown>;

export function createRoutes(ctx: PlaygroundContext): Record<string, Route> {
  const { workspace, clock, secret } = ctx;
  const send = (body: string, contentType: string) => signedPost(ctx.running().appUrl, body, contentType, secret);
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const interaction = (payload: Record<string, unknown>) =>
    send(form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded');
  const event = (inner: Record<string, unknown>) =>
    send(
      JSON.stringify({
        team_id: TEAM,
        api_app_id: 'APLAYGROUND',
        type: 'event_callback',
        event_id: `Ev${workspace.nextTs().replace('.', '')}`,
        event_time: Math.floor(clock.now / 1000),
        authorizations: [{ team_id: TEAM, user_id: workspace.botUserId, is_bot: true }],
        event: inner,
      }),
      'application/json',
    );
  const who = (user: string) => ({ id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM });
  const team = { id: TEAM, domain: 'demo' };

  const routes: Record<string, Route> = {
    async command({ user, text }) {
      const userId = String(user);
      const conversation = workspace.dmOf(userId);
      const sent = asSlackSends(String(text ?? ''));
      workspace.post(conversation, {
        ts: workspace.nextTs(),
        user: userId,
        text: `/focus ${sent}`.trim(),
      });
      const res = await send(
        form({
          command: '/focus',
          text: sent,
          team_id: TEAM,
          team_domain: 'demo',
          user_id: userId,
          user_name: userId.toLowerCase(),
          channel_id: conversation,
          channel_name: 'directmessage',
          api_app_id: 'APLAYGROUND',
          response_url: workspace.responseUrl(userId, conversation),
          trigger_id: workspace.trigger(userId),
        }),
        'application/x-www-form-urlencoded',
      );
      if (res.body) {
        const reply = JSON.parse(res.body) as { text?: string; blocks?: unknown[] };
        workspace.post(conversation, {
          ts: workspace.nextTs(),
          user: null,
          text: reply.text ?? '',
          blocks: reply.blocks,
          ephemeral: true,
        });
      }
      return { status: res.status };
    },
    async message({ user, text }) {
      const userId = String(user);
      const ts = workspace.nextTs();
      const channel = workspace.dmOf(userId);
      const sent = asSlackSends(String(text ?? ''));
      workspace.post(channel, { ts, user: userId, text: sent });
      const res = await event({
        type: 'message',
        channel,
        user: userId,
        text: sent,
        ts,
        event_ts: ts,
        channel_type: 'im',
      });
      return { status: res.status };
    },
    async home({ user }) {
      const res = await event({
        type: 'app_home_opened',
        user: String(user),
        channel: workspace.dmOf(String(user)),
        tab: 'home',
        event_ts: workspace.nextTs(),
      });
      return { status: res.status };
    },
    async action({ user, actionId, blockId, value, selected, selectedDate, viewId, conversation, messageTs }) {
      const userId = String(user);
      const type = Array.isArray(selected) ? 'checkboxes' : selectedDate !== undefined ? 'datepicker' : 'button';
      const action: Record<string, unknown> = {
        type,
        action_id: actionId,
        block_id: blockId,
        action_ts: workspace.nextTs(),
      };
      if (type === 'button' && value !== undefined) action.value = value;
      if (type === 'datepicker') action.selected_date = selectedDate === '' ? null : String(selectedDate);
      if (type === 'checkboxes')
        action.selected_options = (selected as string[]).map((v) => ({
          value: v,
          text: { type: 'plain_text', text: v },
        }));
      const inView = viewId !== undefined;
      const channel = String(conversation ?? workspace.dmOf(userId));
      // As Slack does: a message's own blocks come with the action, except for ephemeral messages.
      const posted = (workspace.conversations.get(channel) ?? []).find((m) => m.ts === messageTs);
      const res = await interaction({
        type: 'block_actions',
        team,
        user: who(userId),
        api_app_id: 'APLAYGROUND',
        token: 'playground',
        trigger_id: workspace.trigger(userId),
        container: inView
          ? { type: 'view', view_id: viewId }
          : { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: posted?.ephemeral === true },
        ...(inView
          ? { view: { id: viewId, type: 'home', team_id: TEAM, state: { values: {} } } }
          : {
              channel: { id: channel, name: 'dm' },
              message:
                posted && !posted.ephemeral
                  ? { type: 'message', ts: posted.ts, text: posted.text, blocks: posted.blocks ?? [] }
                  : { ts: messageTs },
              response_url: workspace.responseUrl(userId, channel, String(messageTs ?? '')),
            }),
        actions: [action],
      });
      return { status: res.status };
    },
    async submit({ user, viewId, values }) {
      const userId = String(user);
      const open = (workspace.modals.get(userId) ?? []).find((v) => v.id === viewId);
      if (!open) return { errors: { '': 'That form is no longer open.' } };
      const res = await interaction({
        type: 'view_submission',
        team,
        user: who(userId),
        api_app_id: 'APLAYGROUND',
        token: 'playground',
        trigger_id: workspace.trigger(userId),
        view: { ...open.view, id: viewId, team_id: TEAM, state: { values }, hash: '1' },
        response_urls: [],
      });
      const answer = res.body
        ? (JSON.parse(res.body) as { response_action?: string; errors?: Record<string, string>; view?: unknown })
        : {};
      if (answer.response_action === 'errors') return { errors: answer.errors };
      // As Slack does: a pushed view goes on top, an updated one replaces the submitted one, clear closes all.
      workspace.answerSubmission(userId, String(viewId), answer);
      return { ok: true };
    },
    async close({ user, viewId }) {
      workspace.closeModal(String(user), String(viewId));
      return { ok: true };
    },
    async suggest({ user, value }) {
      const res = await interaction({
        type: 'block_suggestion',
        team,
        user: who(String(user)),
        api_app_id: 'APLAYGROUND',
        token: 'playground',
        action_id: 'in_account',
        block_id: 'in_account',
        value: String(value ?? ''),
        container: { type: 'view', view_id: 'V0' },
      });
      return res.body ? JSON.parse(res.body) : { options: [] };
    },
    async clock({ user, to }) {
      const userId = String(user);
      const person = workspace.people.get(userId) ?? ctx.manager;
      const jump = async (instant: number) => {
        clock.jump(instant);
        return ctx.passes.at(instant);
      };
      if (to === 'reminder') {
        // The reminder follows a check-in sent two hours before: bring the check-in first when today had none.
        const storage = ctx.running().storage;
        let at = reminderInstant(storage, TEAM, userId, clock.now, person.tz);
        const before =
          at === null ? await jump(nextPromptInstant('checkin', clock.now, person.tz, storage.db, TEAM, userId)) : [];
        at ??= reminderInstant(storage, TEAM, userId, clock.now, person.tz);
        if (at === null) return { now: clock.now, outcomes: before };
        return { now: at, outcomes: [...before, ...(await jump(at))] };
      }
      const at = nextPromptInstant(to as PromptChoice, clock.now, person.tz, ctx.running().storage.db, TEAM, userId);
      return { now: at, outcomes: await jump(at) };
    },
    /** Imports the HubSpot CSV sample as `cli import` would, then refreshes everyone's Home with its deals. */
    async crmSample() {
      const { store, home } = ctx.running();
      const result = await loadCrmSample({
        store,
        client: ctx.client,
        teamId: TEAM,
        now: () => clock.now,
        defaultTimezone: ctx.defaultTimezone,
      });
      await Promise.all([...workspace.people.keys()].map((userId) => home.refresh(TEAM, userId)));
      return result;
    },
    async reset() {
      await ctx.running().slack.stop();
      ctx.running().storage.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${ctx.databasePath}${suffix}`, { force: true });
      workspace.clear();
      clock.jump(Date.now());
      await ctx.reboot();
      return { ok: true };
    },
  };
  return routes;
}
