/**
 * Our listeners, found by a lookup instead of by Bolt's walk.
 *
 * Bolt hands every request to every listener registered with `app.action`, `app.view`, … in turn: each
 * runs its own little middleware chain (is this an action? is it this action_id?) to turn the request
 * away. With the twenty-odd listeners of this app that walk was about 40% of a `/focus` request's CPU
 * (scripts/bench.ts, BENCHMARKS.md). Here each listener is kept under the one ID Bolt would match it on,
 * with Bolt's own rules for what a string constraint matches (an action's ID may also be a pattern, tried
 * after the exact IDs), and one global middleware, the last, hands a request to its listener. A request no
 * listener takes goes on, as Bolt would take it with none.
 */
import type {
  AllMiddlewareArgs,
  AnyMiddlewareArgs,
  Middleware,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';

type OptionsSource = 'block_suggestion' | 'interactive_message' | 'dialog_suggestion';
type Listener<A> = (args: A & AllMiddlewareArgs) => Promise<void> | void;
type AnyListener = Listener<AnyMiddlewareArgs>;
type Kind = 'command' | 'action' | 'view' | 'options' | 'event';

/** Registers listeners as Bolt's App does, each under one ID; `middleware()` serves them. */
export class SlackRouter {
  readonly #listeners: Record<Kind, Map<string, AnyListener>> = {
    command: new Map(),
    action: new Map(),
    view: new Map(),
    options: new Map(),
    event: new Map(),
  };
  readonly #actionPatterns: [RegExp, AnyListener][] = [];

  /** A slash command, by its name (`/focus`), as `app.command('/focus', …)`. */
  command(name: string, listener: Listener<SlackCommandMiddlewareArgs>): void {
    this.#add('command', name, listener);
  }

  /** An interactive component, by its action_id or a pattern of them, as `app.action(actionId, …)`. */
  action<A extends SlackAction = SlackAction>(
    actionId: string | RegExp,
    listener: Listener<SlackActionMiddlewareArgs<A>>,
  ): void {
    if (typeof actionId === 'string') this.#add('action', actionId, listener);
    else this.#actionPatterns.push([actionId, listener as unknown as AnyListener]);
  }

  /** A modal's submission, by the view's callback_id, as `app.view(callbackId, …)` (submissions only). */
  view<V extends SlackViewAction = ViewSubmitAction>(
    callbackId: string,
    listener: Listener<SlackViewMiddlewareArgs<V>>,
  ): void {
    this.#add('view', callbackId, listener);
  }

  /** An external select's options request, by its action_id, as `app.options(actionId, …)`. */
  options<S extends OptionsSource = 'block_suggestion'>(
    actionId: string,
    listener: Listener<SlackOptionsMiddlewareArgs<S>>,
  ): void {
    this.#add('options', actionId, listener);
  }

  /** An Events API event, by its type, as `app.event(type, …)`. */
  event<E extends string>(type: E, listener: Listener<SlackEventMiddlewareArgs<E>>): void {
    this.#add('event', type, listener);
  }

  /** The listener that takes this request, if any: matched as Bolt matches a string constraint. */
  listenerFor(args: AnyMiddlewareArgs): AnyListener | undefined {
    const [kind, id] = routeOf(args) ?? [];
    if (kind === undefined || id === undefined) return undefined;
    const listener = this.#listeners[kind].get(id);
    if (listener || kind !== 'action') return listener;
    return this.#actionPatterns.find(([pattern]) => pattern.test(id))?.[1];
  }

  /** The global middleware that serves the listeners: register it after every other. */
  middleware(): Middleware<AnyMiddlewareArgs> {
    return async (args) => {
      const listener = this.listenerFor(args);
      if (listener) await listener(args);
      else await args.next();
    };
  }

  #add<A>(kind: Kind, id: string, listener: Listener<A>): void {
    const listeners = this.#listeners[kind];
    if (listeners.has(id)) throw new Error(`Two listeners for the ${kind} ${id}`);
    listeners.set(id, listener as unknown as AnyListener);
  }
}

/** Which kind of request this is, and the ID its listener is kept under; undefined when none could take it. */
function routeOf(args: AnyMiddlewareArgs): [Kind, string | undefined] | undefined {
  if ('command' in args && args.command) return ['command', args.command.command];
  if ('event' in args && args.event) return ['event', args.event.type];
  if ('action' in args && args.action) return ['action', blockPayloadId(args.action)];
  if ('options' in args && args.options) return ['options', blockPayloadId(args.options)];
  if ('view' in args && args.view) {
    // Bolt's view(callbackId) takes submissions only: a closed view (notify_on_close) goes on untaken.
    return args.body.type === 'view_submission' ? ['view', args.view.callback_id] : undefined;
  }
  return undefined;
}

/** As Bolt matches an action_id: only a payload that carries both a block_id and an action_id (Block Kit's). */
function blockPayloadId(payload: object): string | undefined {
  const { action_id: actionId, block_id: blockId } = payload as { action_id?: unknown; block_id?: unknown };
  return typeof actionId === 'string' && blockId !== undefined ? actionId : undefined;
}
