import type { AnyMiddlewareArgs } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { SlackRouter } from '../../src/slack/router.js';

/** Bolt's listener arguments for a request, as its processEvent sets their aliases (only what routing reads). */
const command = (name: string) => ({ body: {}, command: { command: name } }) as unknown as AnyMiddlewareArgs;
const action = (payload: object) =>
  ({ body: { type: 'block_actions' }, action: payload }) as unknown as AnyMiddlewareArgs;
const view = (type: string, callbackId: string) =>
  ({ body: { type }, view: { callback_id: callbackId } }) as unknown as AnyMiddlewareArgs;
const options = (actionId: string) =>
  ({
    body: { type: 'block_suggestion' },
    options: { action_id: actionId, block_id: 'b' },
  }) as unknown as AnyMiddlewareArgs;
const event = (type: string) => ({ body: {}, event: { type } }) as unknown as AnyMiddlewareArgs;

/** A router whose listeners each record their name when they run. */
function recordingRouter() {
  const ran: string[] = [];
  const routes = new SlackRouter();
  const record = (name: string) => () => {
    ran.push(name);
  };
  routes.command('/focus', record('focus'));
  routes.action('plan-done', record('plan-done'));
  routes.action(/^carry-item:\d{1,2}$/, record('carry-item'));
  routes.action(/^carry-/, record('carry-any'));
  routes.view('log-form', record('log-form'));
  routes.options('account', record('account-options'));
  routes.event('app_home_opened', record('home'));
  routes.event('message', record('message'));
  return { routes, ran };
}

/** Runs the router's middleware on a request: which listener ran, or 'next' when it let the request go on. */
async function dispatch(routes: SlackRouter, args: AnyMiddlewareArgs, ran: string[]): Promise<string> {
  let wentOn = false;
  const before = ran.length;
  await routes.middleware()({
    ...args,
    next: async () => {
      wentOn = true;
    },
  } as Parameters<ReturnType<SlackRouter['middleware']>>[0]);
  if (wentOn) return 'next';
  return ran.slice(before).join(',');
}

describe('SlackRouter', () => {
  it('hands each kind of request to the listener registered under its ID, and only that one', async () => {
    const { routes, ran } = recordingRouter();
    expect(await dispatch(routes, command('/focus'), ran)).toBe('focus');
    expect(await dispatch(routes, action({ action_id: 'plan-done', block_id: 'plan:2026-12-04' }), ran)).toBe(
      'plan-done',
    );
    expect(await dispatch(routes, view('view_submission', 'log-form'), ran)).toBe('log-form');
    expect(await dispatch(routes, options('account'), ran)).toBe('account-options');
    expect(await dispatch(routes, event('app_home_opened'), ran)).toBe('home');
    expect(await dispatch(routes, event('message'), ran)).toBe('message');
  });

  it('tries an action’s patterns after its exact IDs, in the order they were registered', async () => {
    const { routes, ran } = recordingRouter();
    expect(await dispatch(routes, action({ action_id: 'carry-item:3', block_id: 'b' }), ran)).toBe('carry-item');
    expect(await dispatch(routes, action({ action_id: 'carry-all', block_id: 'b' }), ran)).toBe('carry-any');
    // A pattern matches action IDs only: a command of that shape is not an action.
    expect(await dispatch(routes, command('carry-item:3'), ran)).toBe('next');
  });

  it('lets a request no listener takes go on, as Bolt does with no listener for it', async () => {
    const { routes, ran } = recordingRouter();
    expect(await dispatch(routes, command('/other'), ran)).toBe('next');
    expect(await dispatch(routes, action({ action_id: 'unknown', block_id: 'b' }), ran)).toBe('next');
    expect(await dispatch(routes, event('user_change'), ran)).toBe('next');
    // Bolt's view(callbackId) takes submissions only: closing the same modal is not a submission.
    expect(await dispatch(routes, view('view_closed', 'log-form'), ran)).toBe('next');
    // Bolt matches an action_id only on a Block Kit payload, which names its block.
    expect(await dispatch(routes, action({ action_id: 'plan-done' }), ran)).toBe('next');
    expect(ran).toEqual([]);
  });

  it('refuses a second listener under the same ID (Bolt would run both)', () => {
    const { routes } = recordingRouter();
    expect(() => routes.action('plan-done', () => {})).toThrow('Two listeners for the action plan-done');
    expect(() => routes.view('log-form', () => {})).toThrow('Two listeners for the view log-form');
    // The same ID under another kind is another listener.
    expect(() => routes.options('plan-done', () => {})).not.toThrow();
  });
});
