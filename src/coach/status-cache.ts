/**
 * A rep's status card kept between requests, per connection, so that asking again with nothing changed costs
 * one indexed read instead of a dozen queries and the gap math. A card is a function of:
 *  - the team's and the rep's rows (settings, zone, reflection time, holidays): compared whole, as read for
 *    this request;
 *  - what the database holds for the rep: their stamp in the change log (db/rep-changes.ts), which the triggers
 *    of migrations/0006 move on every write a rep's figures are read from (their deals, activity and activity
 *    on their deals' accounts, quotas, targets, plans, pauses, their accounts' fit and name) whichever process
 *    writes; the team's deals version (the team's conversion, which every rep's win rate leans on);
 *  - the clock only through the rep's local date and whether their day is over (their reflection time has
 *    passed): computeGap reads nothing else of it, and the card shows the date and the zone.
 * The stamp is read before the card is computed: a write landing in between makes a card newer than its key,
 * which the next ask (seeing the newer stamp) replaces; never one older than its key.
 */
import type { RepStamp } from '../db/rep-changes.js';
import type { RepRow } from '../db/reps.js';
import type { Team } from '../db/teams.js';
import type { Store } from '../storage/types.js';
import type { RepNow } from './rep-context.js';

/** Cards kept per connection; the least recently asked for goes first (a card is a few kilobytes). */
export const KEPT_CARDS = 1000;

interface KeptCard {
  key: string;
  card: unknown;
}

/**
 * The rep's card as `render` makes it for `input`, computed again only when something it rests on changed.
 * Inside a transaction (which may see its own uncommitted writes) nothing is kept. The card returned is
 * frozen: every asker shares it. Two asking at once may both render; either card is newer than its key.
 */
export async function keptStatusCard<V extends object>(
  store: Store,
  input: { team: Team; rep: RepRow; clock: RepNow; stamp?: RepStamp | undefined },
  render: () => V | Promise<V>,
): Promise<V> {
  const cache = store.cache<KeptCard>('statusCards');
  // The stamp read with the rows this request started from, when nothing was written since; else read now.
  const stamp = cache && (input.stamp ?? (await store.repChanges.repStamp(input.team.id, input.rep.userId)));
  if (!cache || !stamp) return render();
  const { team, rep, clock } = input;
  const key = [
    stamp.repSeq,
    stamp.wideSeq,
    stamp.dealsVersion,
    clock.local.date,
    clock.dayOver,
    clock.timezone,
    JSON.stringify(team),
    JSON.stringify(rep),
  ].join('\n');
  const id = `${team.id}\n${rep.userId}`;
  const kept = cache.get(id);
  if (kept?.key === key) {
    cache.delete(id);
    cache.set(id, kept);
    return kept.card as V;
  }
  const card = deepFreeze(await render());
  cache.delete(id);
  while (cache.size >= KEPT_CARDS) cache.delete(cache.keys().next().value as string);
  cache.set(id, { key, card });
  return card;
}

function deepFreeze<V>(value: V): V {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
